/* The reception-desk kiosk (collector/templates/kiosk.html).
 *
 * Two jobs:
 * 1. The screens: Good / Average / Poor, then (after average or poor) the optional reason, then a
 *    thank-you that resets itself for the next person. The page holds every word already, in one
 *    language; this script only shows one screen at a time and moves the focus deliberately.
 * 2. The outbox: each rating gets its id here, when it is made, and waits in localStorage until the
 *    collector has answered 200 or 201. It is sent at once, again when the browser comes back
 *    online, and on a timer that backs off. The collector stores an id once, so a rating whose
 *    answer was lost on the way back can be sent again safely.
 */
(function () {
  "use strict";

  var root = document.getElementById("kiosk");
  if (!root) return;

  var ENDPOINT = root.getAttribute("data-endpoint");
  var LANG = root.getAttribute("data-lang") || "en";
  var SERVICE = root.getAttribute("data-service");
  var QUEUE_KEY = "takeup:kiosk:" + root.getAttribute("data-site");

  var THANKS_MS = 8000;        // the thank-you stays this long after the last touch or key press
  var REASONS_IDLE_MS = 90000; // a reasons screen left alone keeps the rating, without a reason
  var SEND_TIMEOUT_MS = 15000;
  var RETRY_FIRST_MS = 2000;
  var RETRY_MAX_MS = 5 * 60 * 1000;

  // --- the outbox ---------------------------------------------------------

  // localStorage survives a reload or a restart of the tablet. If it cannot be used (private
  // mode, full), ratings wait in memory instead: they are lost only if the page is closed.
  var outbox = {
    memory: [],
    usable: true,
    load: function () {
      if (!this.usable) return this.memory.slice();
      try {
        var items = JSON.parse(window.localStorage.getItem(QUEUE_KEY) || "[]");
        return Array.isArray(items) ? items : [];
      } catch (error) {
        this.usable = false;
        return this.memory.slice();
      }
    },
    save: function (items) {
      this.memory = items.slice();
      if (!this.usable) return;
      try {
        window.localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
      } catch (error) {
        this.usable = false;
      }
    },
    add: function (item) {
      var items = this.load();
      items.push(item);
      this.save(items);
    },
    remove: function (id) {
      // Read again: ratings may have been added while this one was on its way.
      this.save(this.load().filter(function (item) { return item.id !== id; }));
    }
  };

  // A version 4 UUID. crypto.randomUUID exists only in secure contexts, and a kiosk may be
  // served over plain http on the council's own network; getRandomValues works everywhere.
  function uuid4() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var sending = false;
  var retryTimer = null;
  var failures = 0;
  var notBefore = 0; // after a 429, the collector's Retry-After

  // One rating, once: "done" (stored, or refused for good), or the milliseconds to wait.
  function send(item) {
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller && window.setTimeout(function () { controller.abort(); }, SEND_TIMEOUT_MS);
    return window.fetch(ENDPOINT, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify(item),
      credentials: "omit",
      cache: "no-store",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) return "done";
      if (response.status === 429) {
        var seconds = parseInt(response.headers.get("Retry-After"), 10);
        notBefore = Date.now() + (seconds > 0 ? seconds * 1000 : backoff());
        return notBefore - Date.now();
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 408) {
        // Sending it again would get the same answer; keeping it would block the ones behind it.
        if (window.console) window.console.warn("takeup kiosk: rating refused with " + response.status);
        return "done";
      }
      return backoff();
    }, function () {
      return backoff(); // offline, or no answer in time
    }).then(function (outcome) {
      if (timeout) window.clearTimeout(timeout);
      return outcome;
    });
  }

  function backoff() {
    var wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * Math.pow(2, Math.min(failures, 16)));
    return Math.round(wait * (0.8 + Math.random() * 0.4)); // jitter: kiosks back online together spread out
  }

  function retryIn(ms) {
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(flush, Math.max(ms, 0));
  }

  // Sends the waiting ratings oldest first, one at a time, until one fails; then waits.
  function flush() {
    if (sending) return; // the running flush picks up anything added meanwhile
    window.clearTimeout(retryTimer);
    retryTimer = null;
    if (Date.now() < notBefore) {
      retryIn(notBefore - Date.now());
      return;
    }
    sending = true;
    (function next() {
      var item = outbox.load()[0];
      if (!item) {
        sending = false;
        failures = 0;
        return;
      }
      send(item).then(function (outcome) {
        if (outcome === "done") {
          outbox.remove(item.id);
          failures = 0;
          next();
        } else {
          failures += 1;
          sending = false;
          retryIn(outcome);
        }
      });
    })();
  }

  function record(rating, reason) {
    var item = {id: uuid4(), rating: rating, lang: LANG, time: new Date().toISOString()};
    if (reason) item.reason = reason;
    if (SERVICE) item.service = SERVICE;
    outbox.add(item);
    flush();
  }

  window.addEventListener("online", function () {
    failures = 0;
    flush();
  });

  // --- the screens ----------------------------------------------------------

  var screens = document.querySelectorAll("[data-screen]");
  var status = document.getElementById("kiosk-status");
  var current = "start";
  var chosen = null;    // an average or poor rating waiting for its reason
  var screenTimer = null;

  function show(name, focus) {
    current = name;
    Array.prototype.forEach.call(screens, function (element) {
      element.hidden = element.getAttribute("data-screen") !== name;
    });
    // The control that was pressed has just been hidden: put the focus where the next step starts,
    // so keyboard and screen reader users carry on from the new screen's heading.
    document.getElementById(focus).focus();
  }

  function startTimer(ms, then) {
    window.clearTimeout(screenTimer);
    screenTimer = window.setTimeout(then, ms);
  }

  function reset() {
    window.clearTimeout(screenTimer);
    chosen = null;
    status.textContent = "";
    show("start", "kiosk-start-heading");
  }

  function thank() {
    chosen = null;
    show("thanks", "kiosk-thanks-heading");
    status.textContent = status.getAttribute("data-message");
    startTimer(THANKS_MS, reset);
  }

  function keepRating() {
    // The visitor walked away from the reasons: their rating still counts.
    record(chosen, null);
    reset();
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button || !root.contains(button)) return;
    var rating = button.getAttribute("data-rating");
    var reason = button.getAttribute("data-reason");
    var action = button.getAttribute("data-action");
    if (rating === "good") {
      record(rating, null);
      thank();
    } else if (rating) {
      chosen = rating;
      show("reasons", "kiosk-reasons-heading");
      startTimer(REASONS_IDLE_MS, keepRating);
    } else if (reason && chosen) {
      record(chosen, reason);
      thank();
    } else if (action === "skip" && chosen) {
      record(chosen, null);
      thank();
    } else if (action === "back") {
      reset();
    } else if (action === "next") {
      reset();
    }
  });

  // Someone still using the screen gets more time before it moves on by itself.
  function stillHere() {
    if (current === "thanks") startTimer(THANKS_MS, reset);
    else if (current === "reasons") startTimer(REASONS_IDLE_MS, keepRating);
  }
  document.addEventListener("keydown", stillHere);
  document.addEventListener("pointerdown", stillHere);

  flush(); // anything left from before a reload or a restart
})();
