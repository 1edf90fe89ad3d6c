/* The pipeline board: drag a card to another column to change the deal's stage.
 *
 * A card carries its own "Move to" form, which works without JavaScript and from the
 * keyboard. Dropping a card fills that form and sends it; the server answers with the board as
 * it now stands (same filters), which replaces this one: its columns, totals and "more" links.
 * If anything goes wrong, the form is sent the ordinary way and the server's page shows why.
 */
(function () {
  "use strict";

  let dragged = null;

  function columnAt(target) {
    return target instanceof Element ? target.closest(".board-column") : null;
  }

  function clearTargets() {
    document.querySelectorAll(".board-column.drop-target").forEach(function (column) {
      column.classList.remove("drop-target");
    });
  }

  document.addEventListener("dragstart", function (event) {
    const card = event.target instanceof Element ? event.target.closest(".card[draggable=true]") : null;
    if (!card) return;
    dragged = card;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.deal);
    card.classList.add("dragging");
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    clearTargets();
  });

  document.addEventListener("dragover", function (event) {
    const column = dragged && columnAt(event.target);
    if (!column) return;
    event.preventDefault();  // this column accepts the drop
    event.dataTransfer.dropEffect = "move";
    if (!column.classList.contains("drop-target")) {
      clearTargets();
      column.classList.add("drop-target");
    }
  });

  document.addEventListener("drop", function (event) {
    const column = dragged && columnAt(event.target);
    if (!column) return;
    event.preventDefault();
    const card = dragged;
    clearTargets();
    move(card, column);
  });

  function move(card, column) {
    const form = card.querySelector("form.move");
    const stage = column.dataset.stage;
    if (!form || form.elements.stage.value === stage) return;
    form.elements.stage.value = stage;
    column.querySelector(".cards").prepend(card);  // at once; the server's board follows
    card.classList.add("moving");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        show(new DOMParser().parseFromString(html, "text/html"), card.dataset.deal);
      })
      .catch(function () { form.submit(); });
  }

  /* Put the server's board (and its messages, if any) in place of this one. */
  function show(page, dealId) {
    const fresh = page.getElementById("pipeline-results");
    const results = document.getElementById("pipeline-results");
    if (!fresh || !results) throw new Error("no board in the answer");
    results.replaceWith(document.importNode(fresh, true));
    document.querySelectorAll("ul.messages").forEach(function (list) { list.remove(); });
    const messages = page.querySelector("ul.messages");
    const main = document.querySelector("main");
    if (messages && main) main.before(document.importNode(messages, true));
    const link = document.querySelector("#card-" + dealId + " h3 a");
    if (link) link.focus();
  }
})();
