/* Long pages draw their first screen first. On screens, each section under the page's title waits
   to be laid out until it nears the viewport (site.css: content-visibility), so a phone's first
   paint lays out one screen, not four thousand elements. Once the page has loaded, this script
   draws the other sections one at a time, each in a task of its own when the browser is idle, so
   that nothing the reader does waits behind a long task and, once all are drawn, every section has
   its real height (tools that measure the page, and the reader's scroll bar, see it whole).

   It also gives each code block its tab stop, which the theme's script gave every block at once
   (reading every block's width lays the whole page out): a block that scrolls sideways can be
   reached with the Tab key, one that does not is left out of the tab order. The theme's script
   still does this for tables (docs/_ext/tab_stops.py narrows it to them). */
(function () {
  "use strict";

  var SECTIONS = ".bd-article > section > section";
  var BLOCKS = "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon";

  function setTabStops(blocks) {
    Array.prototype.forEach.call(blocks, function (block) {
      var scrolls = block.scrollWidth > block.clientWidth || block.scrollHeight > block.clientHeight;
      block.tabIndex = scrolls ? 0 : -1;
    });
  }

  var later =
    window.requestIdleCallback ||
    function (callback) {
      return window.setTimeout(callback, 1);
    };
  // A section drawn above the reader's place changes height: whatever the browser does about it
  // (scroll anchoring, or nothing), the page is then scrolled by what the first section still in
  // view moved, so the reader's place stays where it was.
  function inView(sections) {
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getBoundingClientRect().bottom > 0) return sections[i];
    }
    return null;
  }

  function draw(section, sections) {
    var place = section.getBoundingClientRect().bottom <= 0 ? inView(sections) : null;
    var before = place ? place.getBoundingClientRect().top : 0;
    section.classList.add("drawn");
    if (place) {
      var moved = place.getBoundingClientRect().top - before;
      if (moved) window.scrollBy(0, moved);
    }
    setTabStops(section.querySelectorAll(BLOCKS));
  }

  function start() {
    var sections = Array.prototype.slice.call(document.querySelectorAll(SECTIONS));
    // The blocks outside these sections are drawn with the page.
    setTabStops(
      Array.prototype.filter.call(document.querySelectorAll(BLOCKS), function (block) {
        return !block.closest(SECTIONS);
      })
    );
    var next = 0;
    (function step() {
      if (next < sections.length) {
        draw(sections[next++], sections);
        later(step);
        return;
      }
      document.documentElement.dataset.sectionsDrawn = "";
      var waiting = null;
      window.addEventListener("resize", function () {
        window.clearTimeout(waiting);
        waiting = window.setTimeout(function () {
          setTabStops(document.querySelectorAll(BLOCKS));
        }, 300);
      });
    })();
  }

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
