/* The colour mode's menu (theme-switcher.html): its button opens and closes it; a choice, Escape,
   or a click elsewhere closes it. The theme's own script applies the mode chosen. */
(function () {
  "use strict";

  function menuOf(button) {
    return button.parentElement.querySelector(".dropdown-menu");
  }

  function setOpen(button, open) {
    var menu = menuOf(button);
    if (!menu) return;
    button.setAttribute("aria-expanded", open ? "true" : "false");
    button.classList.toggle("show", open);
    menu.classList.toggle("show", open);
  }

  function openButton() {
    return document.querySelector('[data-bs-toggle="dropdown"][aria-expanded="true"]');
  }

  function items(button) {
    var menu = menuOf(button);
    return menu ? Array.prototype.slice.call(menu.querySelectorAll("button, a")) : [];
  }

  function start() {
    document.querySelectorAll('[data-bs-toggle="dropdown"]').forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        var open = button.getAttribute("aria-expanded") !== "true";
        setOpen(button, open);
        if (open && event.detail === 0) {
          var first = items(button)[0]; // opened from the keyboard: the first choice takes focus
          if (first) first.focus();
        }
      });
      items(button).forEach(function (item) {
        item.addEventListener("click", function () {
          setOpen(button, false);
          button.focus();
        });
      });
    });
    document.addEventListener("click", function (event) {
      var button = openButton();
      if (button && !button.parentElement.contains(event.target)) setOpen(button, false);
    });
    document.addEventListener("keydown", function (event) {
      var button = openButton();
      if (!button) return;
      var choices = items(button);
      var at = choices.indexOf(document.activeElement);
      if (event.key === "Escape") {
        setOpen(button, false);
        button.focus();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        choices[(at + step + choices.length) % choices.length].focus();
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
