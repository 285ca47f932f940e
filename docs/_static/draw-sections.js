/* Long pages draw their first screen first. On screens, each section under the page's title, each
   of its subsections and each code block waits to be laid out until it nears the viewport
   (site.css: content-visibility), so a phone's first paint lays out one screen, not four thousand
   elements. Once the page has loaded, this script draws the other parts, a few at a time in tasks
   that fit in the browser's idle time, so that nothing the reader does waits behind a long task;
   once all are drawn, every part has its real height (tools that measure the page, and the
   reader's scroll bar, see it whole).

   It also gives each code block its tab stop, which the theme's script gave every block at once
   (reading every block's width lays the whole page out): a block that scrolls sideways can be
   reached with the Tab key, one that does not is left out of the tab order. The theme's script
   still does this for tables (docs/_ext/tab_stops.py narrows it to them). */
(function () {
  "use strict";

  // The parts drawn one by one, in the order of the page: a section before its subsections and
  // code blocks. A part the reader nears before its turn is laid out by the browser then.
  var PARTS = ".bd-article section section, .bd-article div.highlight";
  var BLOCKS = "pre, .nboutput > .output_area, .cell_output > .output, .jp-RenderedHTMLCommon";
  // Drawing stops for the task when less idle time than this is left (ms): a part takes a few.
  var MARGIN = 10;

  function setTabStops(blocks) {
    Array.prototype.forEach.call(blocks, function (block) {
      var scrolls = block.scrollWidth > block.clientWidth || block.scrollHeight > block.clientHeight;
      block.tabIndex = scrolls ? 0 : -1;
    });
  }

  var later =
    window.requestIdleCallback ||
    function (callback) {
      return window.setTimeout(function () {
        var end = Date.now() + 3 * MARGIN;
        callback({
          timeRemaining: function () {
            return Math.max(0, end - Date.now());
          },
        });
      }, 1);
    };

  // A part drawn above the reader's place changes height: whatever the browser does about it
  // (scroll anchoring, or nothing), the page is then scrolled by what moved the first part after it
  // that is still in view, so the reader's place stays where it was.
  // (Not a part inside it: measuring one would lay out the part before it is drawn.)
  function inView(parts, after) {
    for (var i = after + 1; i < parts.length; i++) {
      if (!parts[after].contains(parts[i]) && parts[i].getBoundingClientRect().bottom > 0) return parts[i];
    }
    return null;
  }

  var owed = 0;

  function draw(parts, index) {
    var part = parts[index];
    var place = part.getBoundingClientRect().bottom <= 0 ? inView(parts, index) : null;
    var before = place ? place.getBoundingClientRect().top : 0;
    part.classList.add("drawn");
    if (place) {
      // The page scrolls by whole pixels (or device pixels): what a scroll left out is owed to the next.
      var moved = place.getBoundingClientRect().top - before + owed;
      var from = window.scrollY;
      if (moved) window.scrollBy(0, moved);
      owed = Math.max(-1, Math.min(1, moved - (window.scrollY - from)));
    }
    // Its own blocks: reading one in a part not drawn yet would lay that part out.
    setTabStops(
      Array.prototype.filter.call(part.querySelectorAll(BLOCKS), function (block) {
        return block.closest(PARTS) === part;
      })
    );
  }

  function start() {
    var parts = Array.prototype.slice.call(document.querySelectorAll(PARTS));
    // The blocks outside these parts are drawn with the page.
    setTabStops(
      Array.prototype.filter.call(document.querySelectorAll(BLOCKS), function (block) {
        return !block.closest(PARTS);
      })
    );
    var next = 0;
    function step(idle) {
      do {
        if (next < parts.length) draw(parts, next++);
      } while (next < parts.length && idle.timeRemaining() > MARGIN);
      if (next < parts.length) {
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
    }
    later(step);
  }

  // A reader who follows a link to a place on this page lands there as one who opened the page at
  // an anchor does: the page is laid out whole first (site.css; layout.html sets it at the start).
  function whole() {
    document.documentElement.dataset.wholePage = "";
  }
  document.addEventListener(
    "click",
    function (event) {
      var link = event.target instanceof Element ? event.target.closest("a[href*='#']") : null;
      if (link && link.hash && link.origin === location.origin && link.pathname === location.pathname) whole();
    },
    true
  );
  window.addEventListener("hashchange", whole);

  if (document.readyState === "complete") start();
  else window.addEventListener("load", start);
})();
