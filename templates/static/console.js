// The console of a page whose goroutine is parked for it: evaluate Go
// expressions in a frame, load more of a value the limits cut, and
// release the goroutine when the page goes away. The page is complete
// without it; the console's forms stay hidden then.
(function () {
	"use strict";

	var base = document.body.dataset.console;
	var token = document.body.dataset.token;
	if (!base || !token) {
		return;
	}
	var released = false;

	function post(path, body) {
		return fetch(base + path, {
			method: "POST",
			headers: { "Content-Type": "application/json", "X-Devserve-Token": token },
			body: JSON.stringify(body),
			credentials: "same-origin"
		}).then(function (resp) {
			return resp.json().then(function (ans) {
				if (ans.released) {
					released = true;
				}
				return ans;
			});
		});
	}

	function fragment(html) {
		var t = document.createElement("template");
		t.innerHTML = html;
		return t.content;
	}

	function historyLine(form, expr) {
		var li = document.createElement("li");
		var e = document.createElement("div");
		e.className = "expr";
		e.textContent = "> " + expr;
		li.appendChild(e);
		form.querySelector("ol.history").appendChild(li);
		return li;
	}

	function showError(li, msg) {
		var d = document.createElement("div");
		d.className = "error";
		d.textContent = msg;
		li.appendChild(d);
	}

	function setUp(form) {
		var input = form.querySelector("input[name=expr]");
		var frame = parseInt(form.dataset.frame, 10);
		var past = [];
		var at = 0;
		var pending = null; // the expression waiting for the PIN
		var placeholder = input.placeholder;
		form.hidden = false;

		function askPIN(expr) {
			pending = expr;
			input.type = "password";
			input.placeholder = "the console's PIN, printed in devserve's terminal";
		}

		function unlock(pin) {
			var li = historyLine(form, "PIN");
			post("pin", { pin: pin }).then(function (ans) {
				if (ans.error) {
					showError(li, ans.error);
					return;
				}
				input.type = "text";
				input.placeholder = placeholder;
				var expr = pending;
				pending = null;
				li.remove();
				evaluate(expr);
			});
		}

		function evaluate(expr) {
			var li = historyLine(form, expr);
			if (released) {
				showError(li, "this page's frames were released: reload after a new panic");
				return;
			}
			post("eval", { frame: frame, expr: expr }).then(function (ans) {
				if (ans.pin) {
					askPIN(expr);
				}
				if (ans.error) {
					showError(li, ans.error);
				} else {
					var ul = document.createElement("ul");
					ul.className = "varlist";
					ul.appendChild(fragment(ans.html));
					li.appendChild(ul);
				}
				setUpMore(li);
			}, function (err) {
				showError(li, "the console could not reach devserve: " + err);
			});
		}

		form.addEventListener("submit", function (ev) {
			ev.preventDefault();
			var text = input.value.trim();
			input.value = "";
			if (!text) {
				return;
			}
			if (pending !== null) {
				unlock(text);
				return;
			}
			past.push(text);
			at = past.length;
			evaluate(text);
		});
		input.addEventListener("keydown", function (ev) {
			if (ev.key === "ArrowUp" && at > 0) {
				at--;
			} else if (ev.key === "ArrowDown" && at < past.length) {
				at++;
			} else {
				return;
			}
			input.value = at < past.length ? past[at] : "";
			ev.preventDefault();
		});
	}

	function loadMore(button) {
		var vars = button.closest(".vars");
		var frame = vars ? parseInt(vars.dataset.frame, 10) : NaN;
		var li = button.closest("li.var");
		var name = li.querySelector(".vname");
		button.disabled = true;
		post("eval", { frame: frame, expr: button.dataset.expr, more: true }).then(function (ans) {
			if (ans.error) {
				button.textContent = ans.error;
				return;
			}
			var fresh = fragment(ans.html).firstElementChild;
			var freshName = fresh.querySelector(".vname");
			if (name && freshName) {
				freshName.textContent = name.textContent;
			}
			li.replaceWith(fresh);
			setUpMore(fresh);
		});
	}

	function setUpMore(root) {
		root.querySelectorAll("button.more").forEach(function (b) {
			b.hidden = false;
		});
	}

	document.querySelectorAll("form.console").forEach(setUp);
	setUpMore(document);
	document.addEventListener("click", function (ev) {
		var b = ev.target.closest("button.more");
		if (b) {
			ev.preventDefault();
			loadMore(b);
		}
	});
	window.addEventListener("pagehide", function () {
		if (!released && navigator.sendBeacon) {
			navigator.sendBeacon(base + "release", token);
		}
	});
})();
