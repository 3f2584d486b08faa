/*
 * pmnotes.js: plays an episode inside the page when a reader clicks a timestamp.
 *
 * Every timestamp is already a real YouTube link, so the page works without this
 * script. On top of that, each note with a video has an empty player slot
 * (`.pmn-player`). The first click on a timestamp creates a privacy-enhanced
 * youtube-nocookie.com player in that slot; later clicks seek it. Nothing is
 * fetched from a third party until the reader asks for it. While the slot is
 * scrolled out of view, the player docks in a corner of the window.
 *
 * The player is driven through YouTube's postMessage protocol, without loading
 * YouTube's API script: a seek is a `seekTo` command to the player's frame. A
 * player that has not answered yet is reloaded at the new second instead.
 *
 * Opening the player never moves the text the reader clicked: the page is
 * scrolled by exactly what the player added above it. Docked, the player never
 * lies over the text column: it sits in the margin beside it when the window
 * has one wide enough, else it is a bar along the bottom that the page makes
 * room for. `Escape` closes it.
 *
 * The tooltip of a corrected timestamp is drawn by the stylesheet; this script
 * opens it (hover, focus, a tap), places it inside the window, and closes it on
 * scroll, on a tap elsewhere and on `Escape`. A closed tooltip has no box, so
 * it never makes the page wider than the screen.
 *
 * A page built with the `graph` option carries its local graph as data; it is
 * drawn here as plain SVG, at the size it is shown, so a reader without
 * JavaScript never meets it and a reader on a phone can read its labels.
 *
 * Material's `navigation.instant` swaps page content without reloading scripts,
 * so the page set-up runs again on every `document$` emission. Click handling is
 * delegated to `document` and attached once.
 *
 * Plain ES2017, no dependencies, no build step.
 */
(function () {
  "use strict";

  var PLAYER_ORIGIN = "https://www.youtube-nocookie.com";
  var VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
  var FLAG = "__pmnotesBound";
  var GAP = 12; // px between the docked player and the window's edges
  var SIDE_MIN = 200; // px: a narrower margin cannot hold a watchable video

  function embedUrl(video, seconds) {
    return PLAYER_ORIGIN + "/embed/" + encodeURIComponent(video) +
      "?start=" + seconds + "&autoplay=1&enablejsapi=1";
  }

  function secondsOf(link) {
    var value = parseInt(link.getAttribute("data-pmn-seconds") || "0", 10);
    return isFinite(value) && value > 0 ? value : 0;
  }

  // The slot for a video on the current page, if the page has one. A backlink
  // may cite another episode: that timestamp has no slot here and stays a link.
  function slotFor(video) {
    var slots = document.querySelectorAll(".pmn-player[data-pmn-video]");
    for (var i = 0; i < slots.length; i++) {
      if (slots[i].getAttribute("data-pmn-video") === video) {
        return slots[i];
      }
    }
    return null;
  }

  // A message in the player's postMessage protocol: a command, or "listening".
  function command(frame, func, args) {
    if (!frame.contentWindow) {
      return;
    }
    var message = func === "listening" ?
      { event: "listening", id: 1, channel: "widget" } :
      { event: "command", func: func, args: args || [] };
    frame.contentWindow.postMessage(JSON.stringify(message), PLAYER_ORIGIN);
  }

  function createFrame(slot, video, seconds) {
    var box = document.createElement("div");
    box.className = "pmn-player-box";
    var frame = document.createElement("iframe");
    frame.className = "pmn-player-frame";
    frame.src = embedUrl(video, seconds);
    frame.setAttribute("allow", "autoplay; encrypted-media");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("title", "YouTube player for this episode");
    // The player takes commands only once it has started, which its page
    // loading does not prove. Ask it to talk to us, as YouTube's own API does;
    // its first answer marks it ready (see onMessage).
    frame.addEventListener("load", function () {
      command(frame, "listening");
    });
    // Docked, a bar beside the video says what plays and holds the buttons, so
    // nothing of the player lies over the text outside it.
    var bar = document.createElement("div");
    bar.className = "pmn-player-bar";
    var now = document.createElement("span");
    now.className = "pmn-player-now";
    var back = document.createElement("button");
    back.type = "button";
    back.className = "pmn-player-back";
    back.textContent = "Show";
    back.setAttribute("aria-label", "Show the player in its place");
    back.addEventListener("click", function () {
      slot.scrollIntoView({ block: "start", behavior: "smooth" });
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pmn-player-close";
    close.setAttribute("aria-label", "Close the player (Escape)");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      stop(slot, video);
    });
    bar.appendChild(now);
    bar.appendChild(back);
    bar.appendChild(close);
    var status = document.createElement("span");
    status.className = "pmn-player-status";
    status.setAttribute("role", "status");
    box.appendChild(frame);
    box.appendChild(bar);
    box.appendChild(status);
    slot.textContent = "";
    slot.appendChild(box);
    return frame;
  }

  /* --- Docking: where the player goes while its place is out of view. --- */

  // The slot that is playing is watched: when the reader scrolls away from it,
  // the player docks rather than pulling the reader back up to it. One page,
  // one watcher; a page swap drops it.
  var docking = null;

  function undockAll() {
    if (docking) {
      docking.disconnect();
      docking = null;
    }
    document.body.classList.remove("pmn-player-docked-page");
  }

  // The box the text is set in: Material's content column, the main column of
  // another theme, else the slot's own container.
  function textColumn(slot) {
    return document.querySelector(".md-content") ||
      slot.closest("[role=main], main, article") || slot.parentElement;
  }

  // Beside the text when the window leaves a margin that can hold a video (on
  // Material, the table of contents' column), else a bar along the bottom of
  // the window, for which the page reserves room at its end.
  function placeDocked(slot) {
    var docked = slot.classList.contains("pmn-player-docked");
    var column = textColumn(slot);
    var right = column ? column.getBoundingClientRect().right : window.innerWidth;
    var free = document.documentElement.clientWidth - Math.max(right, 0) - 2 * GAP;
    var side = free >= SIDE_MIN;
    slot.classList.toggle("pmn-player-side", docked && side);
    slot.style.setProperty("--pmn-dock-width", Math.floor(Math.min(free, 480)) + "px");
    document.body.classList.toggle("pmn-player-docked-page", docked && !side);
    if (docked && !side) {
      reveal();
    }
  }

  function watch(slot) {
    if (typeof IntersectionObserver !== "function") {
      return;
    }
    undockAll();
    docking = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) {
        var away = entries[i].intersectionRatio < 0.5;
        entries[i].target.classList.toggle("pmn-player-docked", away);
        placeDocked(entries[i].target);
      }
    }, { threshold: [0, 0.5, 1] });
    docking.observe(slot);
  }

  /* Close the player: the slot goes back to its start button. */
  function stop(slot, video) {
    undockAll();
    var hadFocus = slot.contains(document.activeElement);
    var current = document.querySelector(".pmn-ts-current");
    slot.textContent = "";
    slot.classList.remove("pmn-player-active", "pmn-player-docked", "pmn-player-side");
    slot.removeAttribute("data-pmn-seconds");
    markCurrent(null);
    var start = startButton(slot, video);
    slot.appendChild(start);
    if (hadFocus || !current) {
      (current || start.querySelector("button")).focus({ preventScroll: true });
    }
  }

  function onMessage(event) {
    if (event.origin !== PLAYER_ORIGIN) {
      return;
    }
    var frames = document.querySelectorAll("iframe.pmn-player-frame");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].setAttribute("data-pmn-ready", "");
      }
    }
  }

  function markCurrent(link) {
    var previous = document.querySelectorAll(".pmn-ts-current");
    for (var i = 0; i < previous.length; i++) {
      previous[i].classList.remove("pmn-ts-current");
    }
    if (link) {
      link.classList.add("pmn-ts-current");
    }
  }

  function clock(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  // The clicked timestamp and where the reader saw it, kept while the page
  // settles around the new player.
  var anchor = null;
  var settling = 0; // until this time, a scroll is ours, not the reader's

  // Keep `link` where the reader sees it while the player above it grows:
  // scroll by what it moved, now and once the browser has laid the page out
  // (its own scroll anchoring may already have done part of it).
  function keepInPlace(link, top) {
    anchor = { link: link, top: top };
    settling = Date.now() + 600;
    function settle() {
      if (!anchor || anchor.link !== link) {
        return;
      }
      var moved = link.getBoundingClientRect().top - anchor.top;
      if (Math.abs(moved) >= 1) {
        window.scrollBy(0, moved);
      }
    }
    settle();
    if (typeof requestAnimationFrame === "function") {
      requestAnimationFrame(function () {
        settle();
        requestAnimationFrame(function () {
          settle();
          requestAnimationFrame(settle);
        });
      });
    }
  }

  // The docked bar covers the bottom of the window: a timestamp the reader
  // has just tapped under it comes up above it, by no more than that. Later
  // dockings (the reader scrolling about) move nothing.
  function reveal() {
    var bar = document.querySelector(".pmn-player-docked .pmn-player-box");
    if (!anchor || !bar || Date.now() > settling) {
      return;
    }
    var limit = bar.getBoundingClientRect().top - 8;
    var rect = anchor.link.getBoundingClientRect();
    if (rect.bottom > limit && rect.top > 0) {
      var by = rect.bottom - limit;
      anchor.top -= by;
      settling = Date.now() + 600;
      window.scrollBy(0, by);
    }
  }

  /* Show `video` at `seconds` in `slot`: create the player, or seek it. */
  function play(slot, video, seconds, link) {
    var frame = slot.querySelector("iframe.pmn-player-frame");
    var top = link ? link.getBoundingClientRect().top : null;
    if (!frame) {
      createFrame(slot, video, seconds);
      watch(slot);
    } else if (frame.hasAttribute("data-pmn-ready")) {
      command(frame, "seekTo", [seconds, true]);
      command(frame, "playVideo");
    } else {
      // Not answering yet: start it again at the new second instead.
      frame.src = embedUrl(video, seconds);
    }
    slot.setAttribute("data-pmn-seconds", String(seconds));
    slot.classList.add("pmn-player-active");
    var now = slot.querySelector(".pmn-player-now");
    if (now) {
      now.textContent = "\u25b6 " + clock(seconds);
    }
    var status = slot.querySelector(".pmn-player-status");
    if (status) {
      status.textContent = "Playing from " + clock(seconds) + ". Escape closes the player.";
    }
    markCurrent(link);
    if (link && top !== null) {
      keepInPlace(link, top);
    }
    if (typeof IntersectionObserver !== "function") {
      slot.scrollIntoView({ block: "nearest", behavior: "smooth" }); // cannot dock: go to it
    }
  }

  function onClick(event) {
    // Let the browser handle new-tab, new-window and other modified clicks.
    if (event.defaultPrevented || event.button !== 0 ||
        event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var target = event.target;
    if (!(target instanceof Element)) {
      return;
    }
    var link = target.closest("a.pmn-ts[data-pmn-video]");
    if (!link) {
      return;
    }
    var video = link.getAttribute("data-pmn-video") || "";
    var slot = VIDEO_ID.test(video) ? slotFor(video) : null;
    if (!slot) {
      return; // no player on this page: the href opens YouTube
    }
    event.preventDefault();
    play(slot, video, secondsOf(link), link);
  }

  /* --- Tooltips of corrected timestamps (drawn by pmnotes.css). --- */

  var tip = null; // the timestamp whose tooltip is open
  var pointer = "mouse"; // what the reader last pointed with

  // The origin of `position: fixed` for `element`: the window, unless an
  // ancestor with a transform or filter (a preview popover) makes its own.
  function fixedOrigin(element) {
    for (var node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      var style = getComputedStyle(node);
      if (style.transform !== "none" || style.filter !== "none" || style.perspective !== "none" ||
          /paint|layout|strict|content/.test(style.contain || "")) {
        var box = node.getBoundingClientRect();
        return { x: box.left, y: box.top };
      }
    }
    return { x: 0, y: 0 };
  }

  // Above the timestamp, inside the window and below a fixed header; under it
  // when there is no room above.
  function placeTip(chip) {
    chip.style.setProperty("--pmn-tip-x", "0px");
    chip.style.setProperty("--pmn-tip-y", "0px");
    chip.classList.add("pmn-tip-open");
    var style = getComputedStyle(chip, "::after");
    var width = parseFloat(style.width) || 0, height = parseFloat(style.height) || 0;
    var rect = chip.getBoundingClientRect();
    var room = document.documentElement.clientWidth;
    var header = document.querySelector(".md-header");
    var ceiling = header ? Math.max(header.getBoundingClientRect().bottom, 0) : 0;
    var x = Math.max(8, Math.min(rect.left, room - width - 8));
    var y = rect.top - height - 6;
    if (y < ceiling + 4) {
      y = rect.bottom + 6;
    }
    var origin = fixedOrigin(chip);
    chip.style.setProperty("--pmn-tip-x", Math.round(x - origin.x) + "px");
    chip.style.setProperty("--pmn-tip-y", Math.round(y - origin.y) + "px");
  }

  function openTip(chip) {
    if (tip && tip !== chip) {
      closeTip();
    }
    tip = chip;
    placeTip(chip);
  }

  function closeTip() {
    if (tip) {
      tip.classList.remove("pmn-tip-open");
      tip = null;
    }
  }

  function chipOf(target) {
    return target instanceof Element ? target.closest(".pmn-ts[data-pmn-tip]") : null;
  }

  function onOver(event) {
    var chip = chipOf(event.target);
    if (chip) {
      openTip(chip);
    }
  }

  function onOut(event) {
    var chip = chipOf(event.target);
    if (chip && chip === tip && pointer === "mouse" && !chip.contains(event.relatedTarget) &&
        document.activeElement !== chip) {
      closeTip();
    }
  }

  function onFocus(event) {
    var chip = chipOf(event.target);
    if (chip) {
      openTip(chip);
    } else {
      closeTip();
    }
  }

  function onPointerDown(event) {
    pointer = event.pointerType || "mouse";
    if (tip && !tip.contains(event.target)) {
      closeTip(); // a tap or click elsewhere
    }
  }

  // The tooltip is fixed in the window: the page moving under it ends it,
  // unless the page moved for the player (the tapped timestamp stays put).
  function onScroll() {
    if (!tip) {
      return;
    }
    if (Date.now() < settling || (pointer === "mouse" && tip.matches(":hover"))) {
      placeTip(tip);
    } else {
      closeTip();
    }
  }

  function onKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) {
      return;
    }
    closeTip();
    var target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      return; // Escape belongs to the search box or the form
    }
    var slots = document.querySelectorAll(".pmn-player.pmn-player-active[data-pmn-video]");
    for (var i = 0; i < slots.length; i++) {
      stop(slots[i], slots[i].getAttribute("data-pmn-video") || "");
    }
  }

  /* --- The local graph: the page and its neighbours, at the size it is shown. --- */

  var SVG = "http://www.w3.org/2000/svg";
  var NARROW = 560; // px: below this, neighbours stand in one column
  var LINES = 2; // lines of a label before it is cut

  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) {
        node.setAttribute(key, String(attributes[key]));
      }
    }
    return node;
  }

  // `text` in lines of at most `chars` characters, broken between words; past
  // `lines` lines it is cut at a word and ends in an ellipsis.
  function wrap(text, chars, lines) {
    var words = text.split(/\s+/).filter(Boolean);
    var out = [], line = "";
    for (var i = 0; i < words.length; i++) {
      var word = words[i].length > chars ? words[i].slice(0, chars - 1) + "\u2026" : words[i];
      if (line && (line + " " + word).length > chars) {
        out.push(line);
        line = "";
        if (out.length === lines) {
          out[lines - 1] += "\u2026";
          return out;
        }
      }
      line = line ? line + " " + word : word;
    }
    if (line) {
      out.push(line);
    }
    return out;
  }

  // Each title as lines; two neighbours whose cut labels read the same get
  // their whole titles, so no two labels of one graph look alike.
  function labels(titles, chars) {
    var shown = titles.map(function (title) { return wrap(title, chars, LINES); });
    var seen = {};
    shown.forEach(function (lines, i) {
      var key = lines.join(" ");
      (seen[key] = seen[key] || []).push(i);
    });
    Object.keys(seen).forEach(function (key) {
      if (seen[key].length > 1) {
        seen[key].forEach(function (i) { shown[i] = wrap(titles[i], chars, 8); });
      }
    });
    return shown;
  }

  function label(lines, x, y, anchorTo, lineHeight) {
    var text = svg("text", { x: x, y: y, "text-anchor": anchorTo });
    var first = y - (lines.length - 1) * lineHeight / 2 + 4;
    text.setAttribute("y", first.toFixed(1));
    lines.forEach(function (line, i) {
      // A space ends each line but the last, so the text reads as one title.
      var span = svg("tspan", { x: x, dy: i ? lineHeight : 0 });
      span.textContent = i < lines.length - 1 ? line + " " : line;
      text.appendChild(span);
    });
    return text;
  }

  function count(weight) {
    return weight + (weight === 1 ? " link" : " links");
  }

  // Where the graph's left-out neighbours are listed: a note's Linked-from
  // panel, a topic page's list of mentions.
  function listFor(figure) {
    var panel = document.getElementById("linked-from");
    if (panel) {
      return { id: "linked-from", where: "see Linked from" };
    }
    var list = figure.closest(".pmn-generated-body");
    if (list) {
      if (!list.id) {
        list.id = "pmn-mentions";
      }
      return { id: list.id, where: "see the list above" };
    }
    return null;
  }

  function drawGraph(figure) {
    var data;
    try {
      data = JSON.parse(figure.getAttribute("data-pmn-graph") || "");
    } catch (error) {
      return;
    }
    var nodes = (data && data.nodes) || [];
    if (!nodes.length) {
      return;
    }
    figure.hidden = false;
    var width = Math.round(figure.clientWidth);
    if (!width) {
      figure.hidden = true; // not laid out (a closed block): drawn when the window changes
      return;
    }
    if (figure.getAttribute("data-pmn-drawn") === String(width)) {
      return;
    }
    figure.setAttribute("data-pmn-drawn", String(width));
    var old = figure.querySelector("svg.pmn-graph-svg, .pmn-graph-more");
    while (old) {
      old.parentNode.removeChild(old);
      old = figure.querySelector("svg.pmn-graph-svg, .pmn-graph-more");
    }
    var drawing = svg("svg", { role: "group",
      "aria-label": "Local graph of " + data.title + ": " + nodes.length + " linked pages" });
    drawing.setAttribute("class", "pmn-graph-svg");
    figure.insertBefore(drawing, figure.firstChild);
    // Drawn in CSS pixels (the viewBox is the width shown), so the labels are
    // as large on a phone as the stylesheet says.
    var size = parseFloat(getComputedStyle(drawing).fontSize) || 13;
    var lineHeight = Math.round(size * 1.2);
    var chars = Math.max(12, Math.floor((width < NARROW ? width - 66 : width / 2 - width * 0.16 - 22) / (size * 0.55)));
    var shown = labels(nodes.map(function (n) { return n.title; }), chars);
    var tallest = Math.max.apply(null, shown.map(function (l) { return l.length; }));
    var row = Math.max(30, tallest * lineHeight + 8);
    var places = width < NARROW ? column(nodes, width, row) : ellipse(nodes, width, row);
    drawing.setAttribute("viewBox", "0 0 " + width + " " + places.height);
    var edges = svg("g", { "class": "pmn-graph-edges", "aria-hidden": "true" });
    drawing.appendChild(edges);
    if (places.spine) {
      var last = places.nodes[places.nodes.length - 1];
      edges.appendChild(svg("line", { x1: places.spine, y1: places.self.y, x2: places.spine, y2: last.y,
        "class": "pmn-graph-edge" }));
    }
    var most = nodes[0].links || 1;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], at = places.nodes[i];
      var weight = Math.max(1, node.links || 1);
      // In one column, each edge leaves a shared spine, so they do not pile up.
      var from = places.spine ? { x: places.spine, y: at.y } : places.self;
      edges.appendChild(svg("line", { x1: from.x, y1: from.y, x2: at.x, y2: at.y,
        "class": "pmn-graph-edge pmn-graph-" + node.dir,
        "stroke-width": (1 + 3 * weight / most).toFixed(2) }));
      // The name says the whole title, so it contains the label's words.
      var name = node.title + " (" + node.kind + ", " + count(weight) + ")";
      var link = svg("a", { href: node.href, "class": "pmn-graph-node pmn-graph-" + node.kind, tabindex: "0",
        "aria-label": name });
      var title = svg("title", {});
      title.textContent = name;
      link.appendChild(title);
      link.appendChild(svg("circle", { cx: at.x, cy: at.y, r: (4 + 5 * Math.sqrt(weight / most)).toFixed(2) }));
      link.appendChild(label(shown[i], at.x + (at.left ? -14 : 14), at.y, at.left ? "end" : "start", lineHeight));
      drawing.appendChild(link);
    }
    var me = svg("g", { "class": "pmn-graph-self", "aria-hidden": "true" });
    me.appendChild(svg("circle", { cx: places.self.x, cy: places.self.y, r: 11 }));
    var mine = wrap(data.title, width < NARROW ? chars : Math.floor(width * 0.3 / (size * 0.55)), LINES);
    me.appendChild(width < NARROW ?
      label(mine, places.self.x + 18, places.self.y, "start", lineHeight) :
      label(mine, places.self.x, places.self.y + 24 + (mine.length - 1) * lineHeight / 2, "middle", lineHeight));
    drawing.appendChild(me);
    if (data.more) {
      var more = document.createElement("p");
      more.className = "pmn-graph-more";
      var list = listFor(figure);
      if (list) {
        var to = document.createElement("a");
        to.href = "#" + list.id;
        to.textContent = "and " + data.more + " more (" + list.where + ")";
        more.appendChild(to);
      } else {
        more.textContent = "and " + data.more + " more";
      }
      figure.appendChild(more);
    }
  }

  // Wide: two columns of neighbours on an ellipse, the most linked at the top,
  // so labels run outwards from the page in the middle and never cross it.
  function ellipse(nodes, width, row) {
    var half = Math.ceil(nodes.length / 2);
    var height = 40 + row * Math.max(5, half);
    var cx = width / 2, cy = height / 2, rx = width * 0.16, ry = height / 2 - 20;
    var placed = [];
    for (var i = 0; i < nodes.length; i++) {
      var left = i % 2 === 1;
      var rows = left ? nodes.length - half : half;
      var index = Math.floor(i / 2);
      var y = rows > 1 ? cy - ry + row / 2 + (2 * ry - row) * index / (rows - 1) : cy - row;
      var dy = (y - cy) / (ry + row / 2);
      var x = cx + (left ? -1 : 1) * rx * Math.sqrt(Math.max(0, 1 - dy * dy));
      placed.push({ x: x, y: y, left: left });
    }
    return { self: { x: cx, y: cy }, nodes: placed, height: height };
  }

  // Narrow: the page at the top, its neighbours in one column below it, each
  // joined to a line down from the page.
  function column(nodes, width, row) {
    var placed = [];
    for (var i = 0; i < nodes.length; i++) {
      placed.push({ x: 44, y: 48 + row / 2 + i * row, left: false });
    }
    return { self: { x: 16, y: 22 }, spine: 16, nodes: placed, height: 48 + row * nodes.length + 8 };
  }

  /* --- Per-page set-up, run on first load and after every instant navigation. --- */

  // Material's "Skip to content" link leads to the first section heading, past
  // the player, the episode line and the timestamps before it. On such a page
  // it leads to the page's title instead, so the keyboard meets them first. The
  // click is taken here, before Material's instant navigation, which would
  // fetch the page again and look for the heading in the fresh copy.
  function skipTarget(skip) {
    var article = document.querySelector("article.md-content__inner");
    var first = article && article.querySelector(".pmn-player, .pmn-episode-link, a.pmn-ts");
    var target = skip.hash && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
    if (!first || !target || !(target.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_PRECEDING)) {
      return null;
    }
    var title = article.querySelector("h1");
    return title && (title.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) ? title : first;
  }

  function onSkip(event) {
    var skip = event.target instanceof Element ? event.target.closest("a.md-skip") : null;
    var start = skip && skipTarget(skip);
    if (!start) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    if (!start.hasAttribute("tabindex")) {
      start.setAttribute("tabindex", "-1");
    }
    start.focus({ preventScroll: true });
    var header = document.querySelector(".md-header");
    var below = header ? header.getBoundingClientRect().height : 0;
    window.scrollTo(0, Math.max(0, start.getBoundingClientRect().top + window.pageYOffset - below - 8));
  }

  function init() {
    undockAll();
    closeTip();
    anchor = null;
    var graphs = document.querySelectorAll("figure.pmn-graph[data-pmn-graph]");
    for (var g = 0; g < graphs.length; g++) {
      drawGraph(graphs[g]);
    }
    var slots = document.querySelectorAll(".pmn-player[data-pmn-video]");
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      var video = slot.getAttribute("data-pmn-video") || "";
      if (!VIDEO_ID.test(video) || slot.hasAttribute("data-pmn-ready") || slot.querySelector("iframe")) {
        continue;
      }
      slot.setAttribute("data-pmn-ready", "");
      slot.setAttribute("role", "region");
      slot.setAttribute("aria-label", "Episode player");
      slot.appendChild(startButton(slot, video));
    }
  }

  // A new window size: the docked player and the graphs are laid out again.
  var resizing = false;

  function onResize() {
    closeTip();
    if (resizing) {
      return;
    }
    resizing = true;
    requestAnimationFrame(function () {
      resizing = false;
      var docked = document.querySelectorAll(".pmn-player.pmn-player-docked");
      for (var i = 0; i < docked.length; i++) {
        placeDocked(docked[i]);
      }
      var graphs = document.querySelectorAll("figure.pmn-graph[data-pmn-graph]");
      for (var g = 0; g < graphs.length; g++) {
        drawGraph(graphs[g]);
      }
    });
  }

  // A button, made here rather than in the HTML, so readers without JavaScript
  // never see a control that cannot work. It loads nothing until pressed. Its
  // name is what it shows; the small print beside it describes it.
  var started = 0;

  function startButton(slot, video) {
    var box = document.createElement("div");
    box.className = "pmn-player-intro";
    var icon = document.createElement("span");
    icon.className = "pmn-player-icon";
    icon.setAttribute("aria-hidden", "true");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pmn-player-start";
    button.textContent = "Play this episode here";
    var note = document.createElement("small");
    note.id = "pmn-player-note-" + (++started);
    note.textContent = "Loads the player from youtube-nocookie.com. Click any timestamp to jump to it.";
    button.setAttribute("aria-describedby", note.id);
    button.addEventListener("click", function () {
      play(slot, video, 0, null);
    });
    box.appendChild(icon);
    box.appendChild(button);
    box.appendChild(note);
    return box;
  }

  if (!window[FLAG]) {
    window[FLAG] = true;
    document.documentElement.classList.add("pmn-js");
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mouseover", onOver);
    document.addEventListener("mouseout", onOut);
    document.addEventListener("focusin", onFocus);
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("scroll", onScroll, { capture: true, passive: true });
    window.addEventListener("resize", onResize);
    window.addEventListener("message", onMessage);
    window.addEventListener("click", onSkip, true);
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }
})();
