// Show how long ago the page was drawn, to tell a fresh page from a cached one.
const now = document.getElementById("now");
if (now) {
  const drawn = new Date(now.dateTime);
  setInterval(() => {
    const s = Math.round((Date.now() - drawn) / 1000);
    now.title = s + "s ago";
  }, 1000);
}
