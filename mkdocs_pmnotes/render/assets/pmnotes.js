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
 * scrolled by exactly what the player added above it. Docked, the player is
 * small (a compact bar on narrow screens), and `Escape` closes it.
 *
 * A page built with the `graph` option carries its local graph as data; it is
 * drawn here as plain SVG, so a reader without JavaScript never meets it.
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
    back.setAttribute("aria-label", "Scroll back to the player");
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

  // The slot that is playing is watched: when the reader scrolls away from it,
  // the player docks in a corner of the window rather than pulling the reader
  // back up to it. One page, one watcher; a page swap drops it.
  var docking = null;

  function undockAll() {
    if (docking) {
      docking.disconnect();
      docking = null;
    }
    document.body.classList.remove("pmn-player-docked-page");
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
        document.body.classList.toggle("pmn-player-docked-page", away);
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
    slot.classList.remove("pmn-player-active", "pmn-player-docked");
    slot.removeAttribute("data-pmn-seconds");
    markCurrent(null);
    var start = startButton(slot, video);
    slot.appendChild(start);
    if (hadFocus || !current) {
      (current || start).focus({ preventScroll: true });
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

  // Keep `link` where the reader sees it while the player above it grows:
  // scroll by what it moved, now and once the browser has laid the page out
  // (its own scroll anchoring may already have done part of it).
  function keepInPlace(link, top) {
    function settle() {
      var moved = link.getBoundingClientRect().top - top;
      if (Math.abs(moved) >= 1) {
        window.scrollBy(0, moved);
      }
    }
    settle();
    if (typeof requestAnimationFrame === "function") {
      requestAnimationFrame(function () {
        settle();
        requestAnimationFrame(settle);
      });
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

  // A tooltip opens towards the side of the window with room for it.
  function onPoint(event) {
    var target = event.target;
    var chip = target instanceof Element ? target.closest(".pmn-ts[data-pmn-tip]") : null;
    if (chip) {
      chip.classList.toggle("pmn-tip-end", chip.getBoundingClientRect().left > window.innerWidth / 2);
    }
  }

  function onKey(event) {
    if (event.key !== "Escape" || event.defaultPrevented) {
      return;
    }
    var target = event.target;
    if (target instanceof Element && target.closest("input, textarea, select, [contenteditable]")) {
      return; // Escape belongs to the search box or the form
    }
    var slots = document.querySelectorAll(".pmn-player.pmn-player-active[data-pmn-video]");
    for (var i = 0; i < slots.length; i++) {
      stop(slots[i], slots[i].getAttribute("data-pmn-video") || "");
    }
  }

  /* --- The local graph: the page in the middle, its neighbours around it. --- */

  var SVG = "http://www.w3.org/2000/svg";

  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) {
        node.setAttribute(key, String(attributes[key]));
      }
    }
    return node;
  }

  function shorten(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "\u2026" : text;
  }

  function drawGraph(figure) {
    var data;
    try {
      data = JSON.parse(figure.getAttribute("data-pmn-graph") || "");
    } catch (error) {
      return;
    }
    var nodes = (data && data.nodes) || [];
    if (!nodes.length || figure.querySelector("svg")) {
      return;
    }
    var width = 640, height = 60 + 30 * Math.max(5, Math.ceil(nodes.length / 2));
    var cx = width / 2, cy = height / 2;
    var drawing = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "group",
      "aria-label": "Local graph of " + data.title + ": " + nodes.length + " linked pages" });
    drawing.setAttribute("class", "pmn-graph-svg");
    var edges = svg("g", { "class": "pmn-graph-edges", "aria-hidden": "true" });
    drawing.appendChild(edges);
    var most = nodes[0].links || 1;
    // Two columns of neighbours on an ellipse, the most linked at the top, so
    // labels run outwards from the page in the middle and never cross it.
    var half = Math.ceil(nodes.length / 2);
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var left = i % 2 === 1;
      var row = Math.floor(i / 2);
      var rows = left ? nodes.length - half : half;
      var angle = rows > 1 ? (-0.42 + 0.84 * row / (rows - 1)) * Math.PI : 0;
      var x = cx + (left ? -1 : 1) * (width * 0.16) * Math.cos(angle);
      var y = cy + (height / 2 - 24) * Math.sin(angle);
      var weight = Math.max(1, node.links || 1);
      edges.appendChild(svg("line", { x1: cx, y1: cy, x2: x, y2: y,
        "class": "pmn-graph-edge pmn-graph-" + node.dir,
        "stroke-width": (1 + 3 * weight / most).toFixed(2) }));
      var link = svg("a", { href: node.href, "class": "pmn-graph-node pmn-graph-" + node.kind, tabindex: "0",
        "aria-label": node.title + " (" + node.kind + ", " + weight + (weight === 1 ? " link" : " links") + ")" });
      var title = svg("title", {});
      title.textContent = node.title + " \u00b7 " + weight + (weight === 1 ? " link" : " links");
      link.appendChild(title);
      link.appendChild(svg("circle", { cx: x, cy: y, r: (4 + 5 * Math.sqrt(weight / most)).toFixed(2) }));
      var label = svg("text", { x: x + (left ? -14 : 14), y: y + 4, "text-anchor": left ? "end" : "start" });
      label.textContent = shorten(node.title, 30);
      link.appendChild(label);
      drawing.appendChild(link);
    }
    var me = svg("g", { "class": "pmn-graph-self", "aria-hidden": "true" });
    me.appendChild(svg("circle", { cx: cx, cy: cy, r: 11 }));
    var name = svg("text", { x: cx, y: cy + 28, "text-anchor": "middle" });
    name.textContent = shorten(data.title, 30);
    me.appendChild(name);
    drawing.appendChild(me);
    figure.insertBefore(drawing, figure.firstChild);
    if (data.more) {
      var more = document.createElement("p");
      more.className = "pmn-graph-more";
      more.textContent = "and " + data.more + " more";
      figure.appendChild(more);
    }
    figure.hidden = false;
  }

  /* Per-page set-up, run on first load and after every instant navigation. */
  function init() {
    undockAll();
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

  // A button, made here rather than in the HTML, so readers without JavaScript
  // never see a control that cannot work. It loads nothing until pressed.
  function startButton(slot, video) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "pmn-player-start";
    button.setAttribute("aria-label", "Play this episode here (loads YouTube)");
    var icon = document.createElement("span");
    icon.className = "pmn-player-icon";
    icon.setAttribute("aria-hidden", "true");
    var text = document.createElement("span");
    text.textContent = "Play this episode here";
    var note = document.createElement("small");
    note.textContent = "Loads the player from youtube-nocookie.com. Click any timestamp to jump to it.";
    button.appendChild(icon);
    button.appendChild(text);
    button.appendChild(note);
    button.addEventListener("click", function () {
      play(slot, video, 0, null);
    });
    return button;
  }

  if (!window[FLAG]) {
    window[FLAG] = true;
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mouseover", onPoint);
    document.addEventListener("focusin", onPoint);
    window.addEventListener("message", onMessage);
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }
})();
