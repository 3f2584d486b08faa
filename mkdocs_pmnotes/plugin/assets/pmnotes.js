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
    frame.setAttribute("title", "YouTube player");
    // The player takes commands only once it has started, which its page
    // loading does not prove. Ask it to talk to us, as YouTube's own API does;
    // its first answer marks it ready (see onMessage).
    frame.addEventListener("load", function () {
      command(frame, "listening");
    });
    var close = document.createElement("button");
    close.type = "button";
    close.className = "pmn-player-close";
    close.setAttribute("aria-label", "Close the player");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      stop(slot, video);
    });
    box.appendChild(frame);
    box.appendChild(close);
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
      }
    }, { threshold: [0, 0.5, 1] });
    docking.observe(slot);
  }

  /* Close the player: the slot goes back to its start button. */
  function stop(slot, video) {
    undockAll();
    slot.textContent = "";
    slot.classList.remove("pmn-player-active", "pmn-player-docked");
    slot.removeAttribute("data-pmn-seconds");
    markCurrent(null);
    slot.appendChild(startButton(slot, video));
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

  /* Show `video` at `seconds` in `slot`: create the player, or seek it. */
  function play(slot, video, seconds, link) {
    var frame = slot.querySelector("iframe.pmn-player-frame");
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
    markCurrent(link);
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

  /* Per-page set-up, run on first load and after every instant navigation. */
  function init() {
    undockAll();
    var slots = document.querySelectorAll(".pmn-player[data-pmn-video]");
    for (var i = 0; i < slots.length; i++) {
      var slot = slots[i];
      var video = slot.getAttribute("data-pmn-video") || "";
      if (!VIDEO_ID.test(video) || slot.hasAttribute("data-pmn-ready") || slot.querySelector("iframe")) {
        continue;
      }
      slot.setAttribute("data-pmn-ready", "");
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
