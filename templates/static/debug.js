// The debug page's interactivity. The page is complete without it: frames,
// library groups and the goroutines list are <details> elements. This adds
// the toolbar (show library frames, copy as text or Markdown) and keyboard
// navigation between frames: j and k move to the next and previous frame,
// o opens the current frame, or closes it if it is open.
(function () {
	"use strict";

	var tools = document.querySelector("nav.tools");
	if (!tools) {
		return;
	}
	tools.hidden = false;
	var status = tools.querySelector(".status");
	var hint = tools.querySelector(".hint");
	if (hint && !document.querySelector("details.frame")) {
		hint.hidden = true; // no frames for the keys to act on
	}

	function say(msg) {
		status.textContent = msg;
	}

	function toggleLibrary(button) {
		var show = button.getAttribute("aria-pressed") !== "true";
		document.querySelectorAll("details.lib").forEach(function (d) {
			d.open = show;
		});
		button.setAttribute("aria-pressed", show ? "true" : "false");
		button.textContent = button.textContent.replace(show ? /^Show/ : /^Hide/, show ? "Hide" : "Show");
	}

	function copyFallback(text) {
		var area = document.createElement("textarea");
		area.value = text;
		area.setAttribute("readonly", "");
		area.style.position = "fixed";
		area.style.opacity = "0";
		document.body.appendChild(area);
		area.select();
		var ok = false;
		try {
			ok = document.execCommand("copy");
		} catch (e) {
			ok = false;
		}
		document.body.removeChild(area);
		return ok;
	}

	function copy(id, what) {
		var text = document.getElementById(id).textContent;
		var done = function () {
			document.body.setAttribute("data-copied", id);
			say("Copied " + what + ".");
		};
		var failed = function () {
			if (copyFallback(text)) {
				done();
			} else {
				say("Could not copy; select the text instead.");
			}
		};
		if (navigator.clipboard && navigator.clipboard.writeText) {
			navigator.clipboard.writeText(text).then(done, failed);
		} else {
			failed();
		}
	}

	tools.addEventListener("click", function (ev) {
		var button = ev.target.closest("button[data-action]");
		if (!button) {
			return;
		}
		switch (button.dataset.action) {
		case "toggle-lib":
			toggleLibrary(button);
			break;
		case "copy-text":
			copy("copy-text", "as text");
			break;
		case "copy-markdown":
			copy("copy-markdown", "as Markdown");
			break;
		}
	});

	// visibleFrames lists the frames a reader can see: not inside a closed
	// <details> (a collapsed library group or goroutine list).
	function visibleFrames() {
		return Array.prototype.filter.call(document.querySelectorAll("details.frame"), function (f) {
			for (var p = f.parentElement; p; p = p.parentElement) {
				if (p.tagName === "DETAILS" && !p.open) {
					return false;
				}
			}
			return true;
		});
	}

	var current = null;

	function select(frame) {
		if (current) {
			current.classList.remove("current");
		}
		current = frame;
		frame.classList.add("current");
		frame.querySelector("summary").focus({ preventScroll: true });
		frame.scrollIntoView({ block: "nearest" });
	}

	// target returns the frame o acts on: the current one if it can be
	// seen, else the one holding the focus, else the first visible frame,
	// which it makes current.
	function target() {
		var frames = visibleFrames();
		if (current && frames.indexOf(current) >= 0) {
			return current;
		}
		var active = document.activeElement;
		var f = active && active.closest ? active.closest("details.frame") : null;
		if (!f || frames.indexOf(f) < 0) {
			f = frames[0];
		}
		if (f) {
			select(f);
		}
		return f;
	}

	function move(step) {
		var frames = visibleFrames();
		if (frames.length === 0) {
			return;
		}
		var i = frames.indexOf(current);
		if (i < 0) {
			i = step > 0 ? -1 : frames.length;
		}
		i = Math.max(0, Math.min(frames.length - 1, i + step));
		select(frames[i]);
	}

	document.addEventListener("keydown", function (ev) {
		if (ev.ctrlKey || ev.metaKey || ev.altKey) {
			return;
		}
		var tag = ev.target.tagName;
		if (tag === "INPUT" || tag === "TEXTAREA") {
			return;
		}
		switch (ev.key) {
		case "j":
			move(1);
			break;
		case "k":
			move(-1);
			break;
		case "o":
			var frame = target();
			if (frame) {
				frame.open = !frame.open;
			}
			break;
		default:
			return;
		}
		ev.preventDefault();
	});

	document.addEventListener("click", function (ev) {
		var frame = ev.target.closest("details.frame");
		if (frame) {
			if (current) {
				current.classList.remove("current");
			}
			current = frame;
			frame.classList.add("current");
		}
	});
})();
