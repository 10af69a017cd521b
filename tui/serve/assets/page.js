// The page's own behaviour; textual.js (textual-serve's terminal) does the rest.
"use strict";

// An export arrives as a link to /download/KEY that textual.js opens in a new window.
// A window opened without a click is a pop-up that browsers block, so a download from
// this server is started with a link click instead, which they allow.
(function () {
  const openWindow = window.open.bind(window);
  window.open = function (url, target, features) {
    const address = new URL(String(url), window.location.href);
    if (
      address.origin === window.location.origin &&
      address.pathname.startsWith("/download/")
    ) {
      const link = document.createElement("a");
      link.href = address.href;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }
    return openWindow(url, target, features);
  };
})();

// "Start" and "Restart" load the page again without the ?delay that shows "Start".
window.addEventListener("DOMContentLoaded", function () {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", function () {
      const address = new URL(window.location.href);
      address.searchParams.delete("delay");
      window.location.href = address.pathname + address.search;
    });
  }
});

// The terminal takes the keyboard once the explorer has drawn its first screen, as a
// terminal window does; the explorer learns it has the focus (and shows its keys) then.
window.addEventListener("DOMContentLoaded", function () {
  const body = document.body;
  const watcher = new MutationObserver(function () {
    if (!body.classList.contains("-first-byte")) return;
    watcher.disconnect();
    const keyboard = document.querySelector(".xterm-helper-textarea");
    if (keyboard) keyboard.focus();
  });
  watcher.observe(body, { attributes: true, attributeFilter: ["class"] });
});
