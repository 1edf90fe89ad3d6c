// The conversation page: a click on a marked sentence shows its finding card, a click on a
// card's quote shows the sentence. Plain links (#f-N, #s-N) do this without JavaScript; here
// the other side scrolls only as far as needed (the findings panel, not the whole page, on a
// wide screen) and stays highlighted until the next jump.
(function () {
  "use strict";
  var current = null;
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function blockFor(target) {
    // In the sticky panel beside the transcript a card needs only to come into view; stacked
    // on a phone, its top goes to the top of the screen.
    if (target.matches(".finding-card")) {
      var panel = target.closest(".findings-panel");
      return panel && getComputedStyle(panel).position === "sticky" ? "nearest" : "start";
    }
    return "center";
  }

  function show(target) {
    if (current) { current.classList.remove("is-current"); }
    target.classList.add("is-current");
    current = target;
    target.scrollIntoView({ behavior: calm ? "auto" : "smooth", block: blockFor(target) });
    target.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + target.id);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-jump]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    show(target);
  });
})();
