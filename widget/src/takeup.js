/*! takeup widget v1 | source: widget/src/takeup.js */
// Counts page views and visits for a council website and invites a sample
// of visits to a short exit survey. It runs on pages we do not control, so
// everything it does is caught: a failure here must never reach the page.
// Build with `python widget/build.py`; the collector serves the minified
// copy at /widget/v1/takeup.js.
(function (w, d) {
  'use strict';

  var old = w.takeup;
  // The tag pasted twice must not count every page twice.
  if (old && old.v) return;

  // Only readable now, while the script runs for the first time.
  var script = d.currentScript || d.querySelector('script[data-site][src*="/widget/v1/"]');
  var preview = false;
  var noop = function () {};

  // Every callback we hand to the browser goes through here.
  function safe(f) {
    return function () {
      try {
        return f.apply(this, arguments);
      } catch (e) {
        // Only a webmaster previewing the survey wants to hear about it.
        if (preview) try { console.warn('takeup:', e); } catch (_) {}
      }
    };
  }

  // Calls made before the script loaded (the stub in the README), and
  // until it has set itself up, wait here.
  var queue = (old && old.q) || [];
  var run;
  var takeup = safe(function () {
    if (run) run.apply(null, arguments);
    else queue.push(arguments);
  });
  takeup.open = function () { takeup('open'); };
  takeup.v = 1;
  w.takeup = takeup;

  // Chrome strings; question wording comes from the site's survey.
  var STRINGS = {
    en: {
      title: 'Help us improve this website',
      intro: 'Can you answer a few quick questions about your visit? It takes less than a minute.',
      go: 'Take the survey',
      no: 'No thanks',
      optional: 'All questions are optional.',
      send: 'Send',
      thanks: 'Thank you for your feedback.',
      close: 'Close',
      error: 'Answer at least one question before sending.',
      appeared: 'A short survey about this website has appeared at the end of the page.',
      left: function (n) { return 'You have ' + n + ' character' + (n === 1 ? '' : 's') + ' remaining'; }
    },
    cy: {
      title: 'Helpwch ni i wella\u2019r wefan hon',
      intro: 'Allwch chi ateb ychydig o gwestiynau cyflym am eich ymweliad? Mae\u2019n cymryd llai na munud.',
      go: 'Llenwi\u2019r arolwg',
      no: 'Dim diolch',
      optional: 'Mae pob cwestiwn yn ddewisol.',
      send: 'Anfon',
      thanks: 'Diolch am eich adborth.',
      close: 'Cau',
      error: 'Atebwch o leiaf un cwestiwn cyn anfon.',
      appeared: 'Mae arolwg byr am y wefan hon wedi ymddangos ar waelod y dudalen.',
      left: function (n) { return 'Mae gennych ' + n + ' nod yn weddill'; }
    }
  };
  var CSS = '__CSS__';

  function later(f) {
    setTimeout(safe(f), 0);
  }

  // The rest runs in tasks of its own, so that it never adds to the
  // parser's work on the page and makes a long task of it.
  later(function () {
    var attr = function (n) { return script && script.getAttribute('data-' + n); };
    var site = attr('site');
    if (!site) return;
    var src = script.src.split(/[?#]/)[0];
    var base = src.replace(/\/widget\/v1\/[^\/]*$/, '');
    var p = attr('preview');
    preview = p !== null && p !== 'false';
    var trigger = (attr('trigger') || 'exit').split(':');
    var sample = parseFloat(attr('sample'));
    var lang = /^cy\b/i.test(attr('lang') || d.documentElement.lang) ? 'cy' : 'en';
    var S = STRINGS[lang];

    // --- Sending. JSON as text/plain with no credentials is a "simple"
    // request: no CORS preflight, no cookies. keepalive lets it finish when
    // the visitor leaves straight away. Never throws; cb gets the HTTP status
    // or 0 when the request did not complete.
    function send(path, body, cb) {
      cb = safe(cb || noop);
      try {
        var data = JSON.stringify(body);
        if (w.fetch) {
          fetch(base + path, {
            method: 'POST',
            body: data,
            headers: { 'Content-Type': 'text/plain' },
            credentials: 'omit',
            keepalive: true
          }).then(function (r) { cb(r.status, r); }, function () { cb(0); });
        } else {
          // A string, never a Blob: a JSON Blob would need a preflight.
          cb(navigator.sendBeacon(base + path, data) ? 202 : 0);
        }
      } catch (e) {
        cb(0);
      }
    }

    function event(kind, visit) {
      var b = { site: site, kind: kind, visit: !!visit, path: location.pathname };
      if (preview) b.preview = true;
      send('/api/v1/events', b);
    }

    // --- The visit lives in sessionStorage: one tab, no cookie, no lasting
    // identifier. p: pages seen, s: sample draw, i: invited, x: dismissed or
    // answered, o: responses not yet delivered.
    var KEY = 'takeup:' + site;
    var store = null;
    var st = null;
    try {
      store = w.sessionStorage;
      st = store.getItem(KEY);
    } catch (e) {
      store = null;
    }
    try {
      st = JSON.parse(st);
    } catch (e) {}
    // Without storage (some privacy modes), a page reached from another
    // page of the same site is not the start of a visit.
    var newVisit = store ? !st : d.referrer.indexOf(location.origin + '/') !== 0;
    if (!st || typeof st !== 'object' || !st.o) st = { p: 0, o: [] };
    function save() {
      try { store.setItem(KEY, JSON.stringify(st)); } catch (e) {}
    }

    // --- Responses: kept in the visit until the collector has them, so a
    // failed post is retried with backoff here and again from the next page.
    // The client-made id lets the collector store a retried post once.
    var busy = {};
    var tries = {};
    function deliver(item) {
      var id = item.b.id;
      if (busy[id]) return;
      busy[id] = 1;
      send('/api/v1/responses', item.b, function (status, r) {
        busy[id] = 0;
        // Stored (201), already stored (200) or refused for good (4xx other
        // than 429); a day old, it is not worth keeping.
        if ((status && status < 500 && status !== 429) || Date.now() - item.t > 864e5) {
          st.o = st.o.filter(function (x) { return x.b.id !== id; });
          return save();
        }
        // A few tries on this page (over about two minutes), then the next
        // page, or leaving this one, tries again.
        var n = tries[id] = (tries[id] || 0) + 1;
        var wait = (r && +r.headers.get('Retry-After')) * 1000 || 1000 * Math.pow(2, n) * (0.5 + Math.random());
        if (n < 6) setTimeout(safe(function () { deliver(item); }), wait);
      });
    }
    function flush() {
      st.o.forEach(deliver);
    }
    // Anything still waiting for its retry goes now, with keepalive: the
    // visitor is leaving (pagehide) or may never come back to this tab
    // (hidden, the last dependable moment on phones).
    w.addEventListener('pagehide', safe(flush));
    d.addEventListener('visibilitychange', safe(function () {
      if (d.visibilityState === 'hidden') flush();
    }));

    function uuid() {
      var c = w.crypto;
      // randomUUID exists only on https pages (secure contexts).
      if (c.randomUUID) return c.randomUUID();
      var b = c.getRandomValues(new Uint8Array(16));
      var h = '';
      b[6] = (b[6] & 15) | 64;
      b[8] = (b[8] & 63) | 128;
      for (var i = 0; i < 16; i++) {
        h += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + (b[i] + 256).toString(16).slice(1);
      }
      return h;
    }

    // --- The survey. Old browsers without constructable stylesheets are
    // still counted but never invited: the alternatives (a <style> element
    // or style attributes) are blocked by a strict CSP, and an unstyled
    // panel would land in the page's flow.
    var canShow = !!(w.ShadowRoot && 'adoptedStyleSheets' in ShadowRoot.prototype && w.crypto && w.fetch);
    var survey, loading, waiting = [];
    function withSurvey(cb) {
      if (survey) return cb();
      waiting.push(safe(cb));
      if (loading) return;
      loading = 1;
      fetch(base + '/api/v1/sites/' + encodeURIComponent(site) + '/survey', { credentials: 'omit' })
        .then(function (r) { if (!r.ok) throw r; return r.json(); })
        .then(safe(function (j) {
          if (!j.questions) return;
          survey = j;
          if (j.languages && j.languages.indexOf(lang) < 0) S = STRINGS[lang = 'en'];
          waiting.forEach(function (f) { f(); });
        }), noop)
        .then(function () { loading = 0; waiting = []; });
    }

    function h(tag, attrs, kids) {
      var e = d.createElement(tag);
      for (var k in attrs) {
        if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), safe(attrs[k]));
        else e.setAttribute(k, attrs[k]);
      }
      [].concat(kids || []).forEach(function (c) {
        e.append(c);
      });
      return e;
    }
    function text(o) {
      return (o && (o[lang] || o.en)) || '';
    }
    // show_if / label_if: every named question's answer is one of the values.
    function matches(cond, a) {
      for (var k in cond) if (k !== 'label' && (cond[k] || []).indexOf(a[k]) < 0) return false;
      return true;
    }

    var sheet, ui, shown, answered;
    // The last thing on the page that had the focus, to give it back.
    var last;

    function build() {
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      }
      var host = d.createElement('takeup-survey');
      // Open, so that accessibility checkers and test tools can see in.
      var root = host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      var form, opened;

      var sr = h('p', { class: 'v', role: 'status' });
      var go = h('button', {
        type: 'button', class: 'b', 'aria-expanded': 'false',
        onclick: function () { toggle(!form || form.hidden); }
      }, S.go);
      var intro = h('div', {}, [
        h('p', {}, S.intro),
        h('div', { class: 'r' }, [go, h('button', { type: 'button', onclick: close }, S.no)])
      ]);
      var panel = h('section', {
        class: 'p', lang: lang, 'aria-labelledby': 't',
        onkeydown: function (e) {
          if (e.key === 'Escape') {
            // The page's own Escape handlers are not for us.
            e.stopPropagation();
            close();
          }
        }
      }, [h('h2', { id: 't' }, S.title), intro, sr]);
      root.append(panel);

      // The questions are only built when the visitor opens the survey:
      // most invitations are never opened, and the work stays out of the
      // page's loading.
      function makeForm() {
        var fields = survey.questions.map(function (q, i) {
          var id = 'q' + i;
          var f = { q: q };
          if (q.kind === 'text') {
            var max = q.max_length || 1000;
            var count = h('p', { id: id + 'c', class: 'h' }, S.left(max));
            var timer;
            var area = h('textarea', {
              id: id, name: q.key, maxlength: max, rows: 4,
              'aria-describedby': id + 'h ' + id + 'c',
              oninput: function () {
                var left = S.left(max - area.value.length);
                count.textContent = left;
                // Screen readers hear the count once typing pauses, not per key.
                clearTimeout(timer);
                timer = setTimeout(safe(function () { sr.textContent = left; }), 1000);
              }
            });
            f.label = h('label', { for: id }, text(q.label));
            f.box = h('div', { class: 'f' }, [f.label, h('p', { id: id + 'h', class: 'h' }, text(q.hint)), area, count]);
            f.value = function () { return area.value.trim(); };
          } else {
            f.label = h('legend', {}, text(q.label));
            f.box = h('fieldset', {}, [f.label].concat((q.options || []).map(function (o, j) {
              return h('div', { class: 'o' }, [
                h('input', { type: 'radio', id: id + '-' + j, name: q.key, value: o.value }),
                h('label', { for: id + '-' + j }, text(o.label))
              ]);
            })));
            f.value = function () {
              var c = f.box.querySelector('input:checked');
              return c && c.value;
            };
          }
          return f;
        });

        // Walks the questions in order, showing or hiding the conditional
        // ones and rewording those that depend on an earlier answer; returns
        // the answers of the questions that are showing.
        function collect() {
          var a = {};
          fields.forEach(function (f) {
            var q = f.q;
            if (q.show_if) f.box.hidden = !matches(q.show_if, a);
            if (q.label_if) f.label.textContent = text(matches(q.label_if, a) ? q.label_if.label : q.label);
            var v = !f.box.hidden && f.value();
            if (v) a[q.key] = v;
          });
          return a;
        }

        var error = h('p', { class: 'e', role: 'alert' });
        form = h('form', {
          id: 'f', 'aria-labelledby': 't',
          onchange: collect,
          onsubmit: function (e) {
            e.preventDefault();
            var a = collect();
            if (!Object.keys(a).length) {
              error.textContent = S.error;
              return;
            }
            answered = 1;
            if (!preview) st.x = 1;
            var b = {
              id: uuid(), site: site, lang: lang, path: location.pathname, answers: a,
              elapsed_ms: Math.round(Date.now() - opened), hp: ''
            };
            if (preview) b.preview = true;
            var item = { b: b, t: Date.now() };
            st.o = st.o.slice(-4).concat(item);
            save();
            deliver(item);
            intro.hidden = form.hidden = true;
            var thanks = h('p', { role: 'alert', tabindex: '-1' }, S.thanks);
            panel.insertBefore(thanks, sr);
            panel.insertBefore(h('button', { type: 'button', onclick: close }, S.close), sr);
            thanks.focus();
          }
        }, [h('p', { class: 'h' }, S.optional)].concat(fields.map(function (f) { return f.box; }), [
          error,
          h('button', { type: 'submit', class: 'b' }, S.send)
        ]));
        collect();
        panel.insertBefore(form, sr);
        go.setAttribute('aria-controls', 'f');
      }

      function toggle(open) {
        if (open && !form) makeForm();
        if (form) form.hidden = !open;
        go.setAttribute('aria-expanded', open);
        if (!open) return;
        if (!opened) {
          opened = Date.now();
          event('open');
        }
        // Focus once the new form has been laid out in the next frame, so
        // that focusing does not force that layout in this same task.
        requestAnimationFrame(function () {
          setTimeout(safe(function () { form.querySelector('input,textarea').focus(); }), 0);
        });
      }

      return { host: host, root: root, panel: panel, sr: sr, toggle: toggle };
    }

    function close() {
      var u = ui;
      if (!u) return;
      var focused = u.root.activeElement;
      ui = null;
      u.host.remove();
      if (!answered) {
        if (!preview) {
          st.x = 1;
          save();
        }
        event('dismiss');
      }
      if (focused && last && last.isConnected) last.focus();
    }

    // Not modal and it does not take the focus: it is announced politely and
    // sits last in the page, where it also appears.
    function show(open) {
      if (!canShow) return;
      if (!ui) {
        answered = 0;
        ui = build();
        (d.body || d.documentElement).append(ui.host);
        var sr = ui.sr;
        // A live region is only heard once it is in place. Opened on request,
        // the focus moving into it says enough.
        if (!open) setTimeout(safe(function () { sr.textContent = S.appeared; }), 300);
        if (!st.i || preview) {
          st.i = 1;
          save();
          event('invite');
        }
      }
      if (open) ui.toggle(true);
    }

    function invite() {
      if (shown || (st.x && !preview)) return;
      shown = 1;
      show(false);
    }

    // takeup.open(): the page asks for the survey (a "feedback" link), so
    // it opens whatever the sample and takes the focus.
    run = function (cmd) {
      if (cmd === 'open' && canShow) withSurvey(function () { show(true); });
    };

    d.addEventListener('focusin', safe(function (e) {
      var t = e.target;
      if (ui && t === ui.host) return;
      last = t;
      // A control of the page that gets the focus under the panel (once the
      // browser has scrolled it into view) sends the panel to the other edge.
      if (ui && t.getBoundingClientRect) requestAnimationFrame(safe(function () {
        var r = t.getBoundingClientRect();
        var p = ui.panel.getBoundingClientRect();
        if (r.bottom > p.top && r.top < p.bottom && r.right > p.left && r.left < p.right) {
          ui.panel.classList.toggle('t');
        }
      }));
    }), true);

    // --- Triggers.
    var onPage = noop;
    function arm() {
      var mode = trigger[0];
      var n = parseFloat(trigger[1]);
      if (mode === 'delay') {
        setTimeout(safe(invite), (n >= 0 ? n : 10) * 1000);
      } else if (mode === 'pages') {
        onPage = function () { if (st.p >= (n || 2)) invite(); };
        onPage();
      } else {
        // Exit intent: the pointer leaves through the top of the window,
        // towards the tabs, the address bar or the close button.
        d.addEventListener('mouseout', safe(function (e) {
          if (!e.relatedTarget && e.clientY < 10) invite();
        }));
        // Touch screens have no pointer to leave, so: a fast scroll back
        // to the top (on the way to the address bar), or 20 s on the page.
        if (w.matchMedia && matchMedia('(hover: none), (pointer: coarse)').matches) {
          setTimeout(safe(invite), 20000);
          var from = 0, since = 0, y0 = 0;
          w.addEventListener('scroll', safe(function () {
            var y = w.scrollY, now = Date.now();
            if (y >= y0) {
              from = y;
              since = now;
            } else if (y < 100 && from - y > 600 && now - since < 800) {
              invite();
            }
            y0 = y;
          }), { passive: true });
        }
      }
    }

    function pageview() {
      st.p++;
      save();
      event('pageview', newVisit);
      newVisit = false;
      onPage();
    }

    // Each step in a task of its own: storage and fetch calls are cheap,
    // but on a slow phone they add up, and 50 ms is a long task.
    function start() {
      pageview();
      later(function () {
        flush();
        queue.forEach(function (args) { takeup.apply(null, args); });
        if (!canShow || trigger[0] === 'manual' || (!preview && (st.x || st.s === 0))) return;
        // One draw per visit, made with the page's override when there is one
        // (then the survey is not even fetched for visits left out).
        var sampled = function (rate) {
          if (st.s == null) {
            st.s = Math.random() < (sample >= 0 ? sample : rate) ? 1 : 0;
            save();
          }
          return preview || st.s;
        };
        if (sample >= 0 && !sampled()) return;
        withSurvey(function () {
          if (sampled(+survey.sample_rate || 0)) arm();
        });
      });
    }

    // Single-page sites: a new path is a new page view.
    var path = location.pathname;
    var nav = safe(function () {
      if (location.pathname === path) return;
      path = location.pathname;
      pageview();
    });
    var push = history.pushState;
    if (push) {
      history.pushState = function () {
        var r = push.apply(this, arguments);
        nav();
        return r;
      };
    }
    w.addEventListener('popstate', nav);

    // A prerendered page is not a page view until the visitor sees it.
    if (d.prerendering) d.addEventListener('prerenderingchange', safe(start), { once: true });
    else later(start);
  });
})(window, document);
