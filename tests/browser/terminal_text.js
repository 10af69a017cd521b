// Lets a test read the terminal's text: xterm.js's screen-reader mode keeps each row of
// the screen as text in the page (.xterm-accessibility-tree), where the test reads it.
// textual.js keeps its terminal to itself; xterm.js defines each of the terminal's options
// with Object.defineProperty, so the options object is caught there and the mode set
// later with window.timelineTest.readScreen().
(() => {
  "use strict";
  const define = Object.defineProperty;
  const options = [];
  Object.defineProperty = function (target, key, descriptor) {
    if (key === "screenReaderMode" && descriptor && typeof descriptor.set === "function") {
      options.push(target);
    }
    return define.call(this, target, key, descriptor);
  };
  window.timelineTest = {
    readScreen() {
      for (const found of options) found.screenReaderMode = true;
      return options.length;
    },
    rows() {
      const tree = document.querySelector(".xterm-accessibility-tree");
      return tree ? Array.from(tree.children, (row) => row.textContent) : [];
    },
  };
})();
