// medoracle reviewer page: sign in, the review queue by status, one answer's versions side by
// side with their differences, status changes and order-only edits, through the API of
// docs/review.md. Every string from the API is inserted as text (textContent /
// createTextNode), never parsed as HTML. The CSRF token lives only in memory.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);

  const STATUS = { submitted: 'Submitted', under_review: 'Under review', approved: 'Approved', rejected: 'Rejected' };
  const FILTERS = ['submitted', 'under_review', 'approved', 'rejected', 'stale', 'all'];
  const PAGE = 50;

  const state = {
    user: null,      // {name, role}
    csrf: '',        // X-CSRF-Token for every POST
    filter: 'submitted',
    queue: [],
    detail: null,    // {answer, versions, history}
    main: 0,         // the shown version (actions apply to it)
    other: 0,        // the version compared with (0 = none)
    draft: null,     // an edit in progress: {base, bottom, sections: [{title, numbered, names}], removed: []}
    busy: false,
  };

  // el('p', {className: 'x'}, child, 'text', ...): children are nodes or plain text.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('aria') || key === 'role') {
        node.setAttribute(key.replace(/^aria([A-Z])/, (m, c) => 'aria-' + c.toLowerCase()), value);
      } else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function formatWhen(text) {
    if (!text) return '';
    const d = new Date(text);
    if (isNaN(d.getTime())) return String(text);
    return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function statusLabel(s) {
    return STATUS[s] || String(s || '');
  }

  function short(text, n) {
    text = String(text || '');
    return text.length > n ? text.slice(0, n - 1) + '…' : text;
  }

  // --- messages ---------------------------------------------------------------------------
  function say(text) {
    $('status').textContent = text || '';
  }

  function showError(text) {
    $('alert-text').textContent = text;
    $('alert').hidden = false;
  }

  function clearError() {
    $('alert').hidden = true;
    $('alert-text').textContent = '';
  }

  // A readable sentence for an API failure.
  function describe(err, what) {
    let msg = err.message || 'unknown error';
    if (!/[.!?]$/.test(msg)) msg += '.';
    switch (err.status) {
      case 400: return what + ' failed: ' + msg;
      case 401: return 'Your session has ended. Please log in again.';
      case 403: return 'Not allowed: ' + msg;
      case 404: return what + ' failed: not found: ' + msg;
      case 409: return 'Not saved: ' + msg + ' The page now shows the current state.';
      case 429: return 'Too many attempts: ' + msg;
      case 0: return what + ' failed: the server cannot be reached: ' + msg;
      default: return what + ' failed: ' + msg;
    }
  }

  // --- API --------------------------------------------------------------------------------
  async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    let res;
    try {
      res = await fetch(url, { method, headers, credentials: 'same-origin', cache: 'no-store',
                                body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const err = new Error(e.message);
      err.status = 0;
      throw err;
    }
    let data = null;
    if (res.status !== 204) {
      try { data = await res.json(); } catch (e) { data = null; }
    }
    if (!res.ok) {
      const err = new Error((data && data.error && data.error.message) || ('HTTP ' + res.status));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  // Runs an API action; a 401 sends the user back to the login form.
  async function guarded(what, fn) {
    try {
      return await fn();
    } catch (err) {
      if (err.status === 401 && state.user) signedOut();
      showError(describe(err, what));
      // A refused CSRF token: a sign-in in another tab replaced the session; take its token so
      // that a retry works (the role may have changed too).
      if (err.status === 403 && state.user) {
        try {
          signedIn(await api('GET', '/api/me'));
        } catch (e) {
          if (e.status === 401) signedOut();
        }
      }
      throw err;
    }
  }

  // --- views ------------------------------------------------------------------------------
  function showView(name) {
    $('login-view').hidden = name !== 'login';
    $('queue-view').hidden = name !== 'queue';
    $('answer-view').hidden = name !== 'answer';
  }

  function signedIn(data) {
    state.user = data.user;
    state.csrf = data.csrf_token || '';
    $('who-name').textContent = data.user.name + ' (' + data.user.role + ')';
    $('who').hidden = false;
  }

  function signedOut() {
    state.user = null;
    state.csrf = '';
    state.detail = null;
    state.draft = null;
    $('who').hidden = true;
    $('who-name').textContent = '';
    showView('login');
  }

  // --- login ------------------------------------------------------------------------------
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = $('login-name').value.trim();
    const password = $('login-password').value;
    if (!name || !password) {
      showError('Enter your name and password.');
      (name ? $('login-password') : $('login-name')).focus();
      return;
    }
    clearError();
    $('login-submit').disabled = true;
    say('Signing in…');
    try {
      const data = await api('POST', '/api/login', { name, password });
      $('login-password').value = '';
      signedIn(data);
      if (!canReview()) {
        showError('Signed in as ' + data.user.name + ', but this account (' + data.user.role + ') cannot review answers.');
        say('');
        return;
      }
      say('Signed in as ' + data.user.name + '.');
      await route(true);
    } catch (err) {
      $('login-password').value = '';
      if (err.status === 401 || err.status === 400) showError('Sign-in failed: ' + err.message);
      else showError(describe(err, 'Sign-in'));
      say('');
      $('login-password').focus();
    } finally {
      $('login-submit').disabled = false;
    }
  });

  $('logout').addEventListener('click', async () => {
    clearError();
    try {
      await api('POST', '/api/logout');
    } catch (err) {
      if (err.status !== 401) showError(describe(err, 'Log out'));
    }
    signedOut();
    say('Signed out.');
    history.replaceState(null, '', location.pathname);
    $('login-name').focus();
  });

  $('alert-close').addEventListener('click', () => clearError());

  function canReview() {
    return state.user && (state.user.role === 'editor' || state.user.role === 'admin');
  }

  // --- queue ------------------------------------------------------------------------------
  function queueUrl(filter, offset) {
    const params = new URLSearchParams();
    if (filter === 'stale') params.set('stale', '1');
    else if (filter !== 'all') params.set('status', filter);
    params.set('limit', String(PAGE));
    if (offset) params.set('offset', String(offset));
    return '/api/review/answers?' + params.toString();
  }

  async function loadQueue(filter, more) {
    state.filter = filter;
    for (const tab of document.querySelectorAll('#tabs .tab')) {
      tab.setAttribute('aria-pressed', tab.dataset.filter === filter ? 'true' : 'false');
    }
    showView('queue');
    const offset = more ? state.queue.length : 0;
    say('Loading the queue…');
    $('queue').setAttribute('aria-busy', 'true');
    try {
      const data = await guarded('Loading the queue', () => api('GET', queueUrl(filter, offset)));
      const answers = (data && data.answers) || [];
      state.queue = more ? state.queue.concat(answers) : answers;
      renderQueue();
      $('queue-more').hidden = answers.length < PAGE;
      const label = filter === 'all' ? 'answers' : (filter === 'stale' ? 'stale answers' : statusLabel(filter).toLowerCase() + ' answers');
      say(state.queue.length + ' ' + label + '.');
    } catch (err) {
      say('');
    } finally {
      $('queue').removeAttribute('aria-busy');
    }
  }

  function renderQueue() {
    const list = $('queue');
    list.replaceChildren();
    for (const a of state.queue) {
      const meta = el('p', { className: 'q-meta' },
        el('span', { className: 'badge badge-' + a.status }, statusLabel(a.status)),
        a.stale ? el('span', { className: 'badge badge-stale' }, 'Stale') : null,
        el('span', {}, a.audience === 'patient' ? 'Patients and caregivers' : 'Clinicians'),
        el('span', {}, 'Version ' + a.latest_version + (a.approved_version ? ' (approved: ' + a.approved_version + ')' : '')),
        el('span', {}, 'Updated ', el('time', { dateTime: a.updated_at || '' }, formatWhen(a.updated_at))));
      const item = el('li', { className: 'q-item' + (a.stale ? ' q-stale' : '') },
        el('a', { className: 'q-link', href: '#/answer/' + encodeURIComponent(a.id) }, a.question || a.id),
        meta);
      if (a.stale && a.stale_reason) item.append(el('p', { className: 'q-reason' }, 'Stale: ' + a.stale_reason));
      list.append(item);
    }
    $('queue-empty').hidden = state.queue.length > 0;
  }

  $('tabs').addEventListener('click', (ev) => {
    const tab = ev.target.closest('.tab');
    if (!tab) return;
    clearError();
    location.hash = '#/queue/' + tab.dataset.filter;
  });

  $('queue-more').addEventListener('click', () => loadQueue(state.filter, true));

  // --- one answer -------------------------------------------------------------------------
  async function loadAnswer(id, opts) {
    opts = opts || {};
    say('Loading the answer…');
    try {
      const data = await guarded('Loading the answer', () => api('GET', '/api/review/answers/' + encodeURIComponent(id)));
      data.versions = (data.versions || []).slice().sort((a, b) => a.version - b.version);
      const sameAnswer = state.detail && state.detail.answer.id === data.answer.id;
      state.detail = data;
      state.draft = null;
      const numbers = data.versions.map((v) => v.version);
      const latest = numbers.length ? numbers[numbers.length - 1] : 0;
      if (opts.main && numbers.includes(opts.main)) state.main = opts.main;
      else if (!sameAnswer || !numbers.includes(state.main)) state.main = latest;
      if (opts.other !== undefined && (opts.other === 0 || numbers.includes(opts.other))) state.other = opts.other;
      else if (!sameAnswer || (state.other && !numbers.includes(state.other)) || state.other === state.main) {
        // compare with the approved version if another one is shown, else the previous version
        const approved = data.answer.approved_version;
        state.other = approved && approved !== state.main ? approved : (numbers.filter((n) => n < state.main).pop() || 0);
      }
      renderAnswer();
      showView('answer');
      say(opts.said || '');
      if (opts.focus !== false) $('answer-title').focus();
    } catch (err) {
      say('');
      // Nothing of this answer to show (unknown id, no access): fall back to the queue.
      if (err.status !== 401 && !(state.detail && state.detail.answer.id === id)) await loadQueue(state.filter);
    }
  }

  function versionOf(n) {
    return state.detail.versions.find((v) => v.version === n) || null;
  }

  function latestVersion() {
    const vs = state.detail.versions;
    return vs.length ? vs[vs.length - 1].version : 0;
  }

  function renderAnswer() {
    const a = state.detail.answer;
    $('answer-title').textContent = a.question || a.id;
    document.title = short(a.question, 60) + ' · review · medoracle';
    const meta = $('answer-meta');
    meta.replaceChildren(...[
      el('span', { className: 'badge badge-' + a.status }, statusLabel(a.status)),
      a.stale ? el('span', { className: 'badge badge-stale' }, 'Stale') : null,
      el('span', { className: 'aud' }, a.audience === 'patient' ? 'For patients and caregivers' : 'For clinicians'),
      el('span', {}, 'Latest version ' + a.latest_version),
      a.approved_version ? el('span', {}, 'Approved version ' + a.approved_version) : null,
      el('span', {}, 'Updated ', el('time', { dateTime: a.updated_at || '' }, formatWhen(a.updated_at))),
      el('a', { href: '/a/' + encodeURIComponent(a.id), target: '_blank', rel: 'noopener' }, 'Public page'),
    ].filter(Boolean));
    const stale = $('answer-stale');
    stale.hidden = !a.stale;
    stale.textContent = a.stale ? 'Stale: ' + (a.stale_reason || 'the evidence changed since approval') + '. It is back in the queue for review.' : '';
    renderActions();
    renderPickers();
    renderCompare();
    renderEditPanel();
    renderHistory();
  }

  // Which buttons the status allows (docs/review.md): submitted -> under_review;
  // under_review -> approved | rejected | submitted; approved | rejected -> under_review.
  function renderActions() {
    const s = state.detail.answer.status;
    const show = {
      'act-start': s === 'submitted',
      'act-approve': s === 'under_review',
      'act-reject': s === 'under_review',
      'act-return': s === 'under_review',
      'act-reopen': s === 'approved' || s === 'rejected',
    };
    for (const [id, visible] of Object.entries(show)) $(id).hidden = !visible;
    $('act-approve').textContent = 'Approve version ' + state.main;
    const hints = {
      submitted: 'Start the review to approve or reject this answer.',
      under_review: 'Approve the shown version (version ' + state.main + ') or reject the answer with a comment.',
      approved: 'Version ' + state.detail.answer.approved_version + ' is served to everyone who asks this question. Reopen it to review it again.',
      rejected: 'Rejected. Reopen it to review it again.',
    };
    $('actions-hint').textContent = hints[s] || '';
    $('reject-hint').hidden = s !== 'under_review';
    updateReject();
    for (const b of document.querySelectorAll('#action-buttons .btn')) if (b.id !== 'act-reject') b.disabled = state.busy || !!state.draft;
  }

  function updateReject() {
    const hasComment = $('comment').value.trim().length > 0;
    $('act-reject').disabled = state.busy || !!state.draft || !hasComment;
    $('reject-hint').textContent = hasComment ? 'The comment will be recorded with the decision.' : 'Type a comment to reject.';
  }

  $('comment').addEventListener('input', updateReject);

  $('action-buttons').addEventListener('click', async (ev) => {
    const button = ev.target.closest('button[data-to]');
    if (!button || button.disabled) return;
    const a = state.detail.answer;
    const to = button.dataset.to;
    const comment = $('comment').value.trim();
    if (to === 'rejected' && !comment) {
      showError('A rejection needs a comment.');
      $('comment').focus();
      return;
    }
    const body = { expected: a.status, to };
    if (to === 'approved') body.version = state.main;
    if (comment) body.comment = comment;
    clearError();
    state.busy = true;
    renderActions();
    say('Saving…');
    try {
      await guarded('The status change', () => api('POST', '/api/review/answers/' + encodeURIComponent(a.id) + '/status', body));
      $('comment').value = '';
      const done = to === 'approved' ? 'Approved version ' + state.main + '.' : 'Status: ' + statusLabel(to) + '.';
      state.busy = false;
      await loadAnswer(a.id, { focus: false, said: done });
      $('answer-title').focus();
    } catch (err) {
      state.busy = false;
      if (err.status === 409 || err.status === 404) await loadAnswer(a.id, { focus: false });
      else if (state.detail) renderActions();
      say('');
    }
  });

  // --- versions side by side --------------------------------------------------------------
  function versionLabel(v) {
    const who = v.created_by ? 'edited by ' + v.created_by : 'composed';
    const tags = [];
    if (v.version === state.detail.answer.approved_version) tags.push('approved');
    if (v.version === latestVersion()) tags.push('latest');
    return 'Version ' + v.version + ' (' + who + (tags.length ? ', ' + tags.join(', ') : '') + ')';
  }

  function renderPickers() {
    const main = $('pick-main');
    const other = $('pick-other');
    main.replaceChildren(...state.detail.versions.map((v) => el('option', { value: String(v.version), selected: v.version === state.main }, versionLabel(v))));
    other.replaceChildren(el('option', { value: '0', selected: state.other === 0 }, 'Nothing (show one version)'),
      ...state.detail.versions.filter((v) => v.version !== state.main)
        .map((v) => el('option', { value: String(v.version), selected: v.version === state.other }, versionLabel(v))));
    main.value = String(state.main);
    other.value = String(state.other);
    main.disabled = !!state.draft;
    other.disabled = state.detail.versions.length < 2;
    const editable = state.main === latestVersion();
    const start = $('edit-start');
    start.hidden = !!state.draft;
    start.disabled = !editable || state.busy;
    const hint = $('edit-hint');
    hint.hidden = editable || !!state.draft;
    hint.textContent = editable ? '' : 'Only the latest version (' + latestVersion() + ') can be edited.';
  }

  $('pick-main').addEventListener('change', () => {
    state.main = Number($('pick-main').value);
    if (state.other === state.main) state.other = 0;
    renderAnswer();
  });
  $('pick-other').addEventListener('change', () => {
    state.other = Number($('pick-other').value);
    renderCompare();
  });

  // The statements of an answer JSON as a model: {bottom, seek, sections: [{title, numbered, items}]};
  // an item is {name, text, citations}; names follow docs/review.md ("b", "s<i>.<j>").
  function modelOf(json) {
    const m = { answered: json.answered !== false, noAnswer: json.no_answer || null, references: json.references || [],
                bottom: null, seek: [], sections: [] };
    if (json.bottom_line && typeof json.bottom_line === 'object') m.bottom = Object.assign({ name: 'b' }, json.bottom_line);
    m.seek = (json.seek_care || []).map((s, j) => Object.assign({ name: 'c' + j }, s));
    m.sections = (json.sections || []).map((s, i) => ({
      title: s.title, numbered: !!s.numbered,
      items: (s.statements || []).map((st, j) => Object.assign({ name: 's' + i + '.' + j }, st)),
    }));
    return m;
  }

  function statementByName(json, name) {
    if (name === 'b') return Object.assign({ name }, json.bottom_line);
    const m = /^s(\d+)\.(\d+)$/.exec(name);
    const st = m && json.sections[Number(m[1])] && json.sections[Number(m[1])].statements[Number(m[2])];
    return st ? Object.assign({ name }, st) : null;
  }

  // The model of the draft: the base version's statements in the draft's order.
  function draftModel() {
    const base = versionOf(state.draft.base).answer;
    const m = modelOf(base);
    m.bottom = statementByName(base, state.draft.bottom);
    m.sections = state.draft.sections.map((s) => ({ title: s.title, numbered: s.numbered,
      items: s.names.map((n) => statementByName(base, n)).filter(Boolean) }));
    return m;
  }

  // Where each statement text sits in a model: "bottom", "seek" or "<title>" plus its order
  // among the statements both versions share.
  function places(m) {
    const where = new Map();
    if (m.bottom) where.set(m.bottom.text, 'bottom');
    for (const s of m.seek) where.set(s.text, 'seek');
    for (const sec of m.sections) for (const it of sec.items) if (!where.has(it.text)) where.set(it.text, 'sec:' + sec.title);
    return where;
  }

  // Marks each statement of m against other: 'only' (not in other), 'moved' (another place or
  // another order among shared statements), '' (same).
  function diffMarks(m, other) {
    const marks = new Map();
    if (!other) return marks;
    const mine = places(m);
    const theirs = places(other);
    const order = (model, title, keep) => {
      const sec = model.sections.find((s) => s.title === title);
      return sec ? sec.items.map((it) => it.text).filter(keep) : [];
    };
    for (const [text, place] of mine) {
      if (!theirs.has(text)) marks.set(text, 'only');
      else if (theirs.get(text) !== place) marks.set(text, 'moved');
    }
    for (const sec of m.sections) {
      const shared = (t) => mine.get(t) === 'sec:' + sec.title && theirs.get(t) === 'sec:' + sec.title;
      const a = order(m, sec.title, shared);
      const b = order(other, sec.title, shared);
      a.forEach((t, i) => { if (b[i] !== t && !marks.has(t)) marks.set(t, 'moved'); });
    }
    return marks;
  }

  function citeText(list) {
    return list && list.length ? el('span', { className: 'r-cites', title: 'References' }, '[' + list.join(', ') + ']') : null;
  }

  // otherName: what the column is compared with ("version 2", "the draft").
  function markTag(mark, otherName) {
    if (mark === 'only') return el('span', { className: 'tag tag-only' }, 'not in ' + otherName);
    if (mark === 'moved') return el('span', { className: 'tag tag-moved' }, 'moved');
    return null;
  }

  function statementItem(tag, st, marks, otherName, controls) {
    const mark = marks.get(st.text) || '';
    const node = el(tag, { className: 'stmt' + (mark ? ' diff-' + mark : ''), dataset: { name: st.name } },
      markTag(mark, otherName), el('span', { className: 'stmt-text' }, st.text), ' ', citeText(st.citations));
    if (controls) node.append(controls);
    return node;
  }

  function editControls(sectionIndex, itemIndex, count, st) {
    const what = short(st.text, 60);
    const b = (label, action, aria, disabled) => el('button', { type: 'button', className: 'btn btn-small', ariaLabel: aria + ': ' + what,
      disabled: !!disabled, dataset: { action, sec: String(sectionIndex), idx: String(itemIndex) } }, label);
    return el('span', { className: 'edit-controls' },
      b('Up', 'up', 'Move up', itemIndex === 0),
      b('Down', 'down', 'Move down', itemIndex === count - 1),
      b('Remove', 'remove', 'Remove'),
      b('Make bottom line', 'bottom', 'Make bottom line'));
  }

  function renderColumn(m, v, otherModel, otherName, editing) {
    const marks = diffMarks(m, otherModel);
    const col = el('article', { className: 'version-col' + (editing ? ' editing' : ''), ariaLabel: editing ? 'Draft edit of version ' + v.version : 'Version ' + v.version, dataset: { version: String(v.version) } });
    const who = v.created_by ? 'Edited by ' + v.created_by : 'Composed by medoracle';
    col.append(el('header', { className: 'v-head' },
      el('h3', {}, editing ? 'Draft of version ' + (latestVersion() + 1) : 'Version ' + v.version),
      el('p', { className: 'v-meta' }, editing ? 'Not saved yet · starts from version ' + v.version
        : who + ' · ' + formatWhen(v.created_at) + (v.index_revision ? ' · index of ' + formatWhen(v.index_revision) : '')),
      v.note && !editing ? el('p', { className: 'v-note' }, 'Note: ' + v.note) : null));

    if (!m.answered) {
      col.append(el('p', { className: 'no-answer' }, 'No answer: ' + ((m.noAnswer && m.noAnswer.reason) || 'the loaded evidence does not cover this question.')));
    }
    if (m.bottom) {
      col.append(el('section', { className: 'v-bottom' }, el('h4', {}, 'Bottom line'), statementItem('p', m.bottom, marks, otherName)));
    }
    if (m.seek.length) {
      col.append(el('section', { className: 'v-seek' }, el('h4', {}, 'Seek care now if'),
        el('ul', {}, ...m.seek.map((s) => statementItem('li', s, marks, otherName)))));
    }
    m.sections.forEach((sec, i) => {
      if (!sec.items.length) {
        if (editing) col.append(el('section', { className: 'v-section dropped' }, el('h4', {}, sec.title), el('p', { className: 'hint' }, 'Section dropped: no statements left.')));
        return;
      }
      const list = el(sec.numbered ? 'ol' : 'ul', {}, ...sec.items.map((st, j) =>
        statementItem('li', st, marks, otherName, editing ? editControls(i, j, sec.items.length, st) : null)));
      const heading = el('h4', {}, sec.title);
      if (otherModel && !otherModel.sections.some((s) => s.title === sec.title && s.items.length)) {
        heading.append(' ', el('span', { className: 'tag tag-only' }, 'section not in ' + otherName));
      }
      col.append(el('section', { className: 'v-section' }, heading, list));
    });
    if (editing && state.draft.removed.length) {
      const base = versionOf(state.draft.base).answer;
      col.append(el('section', { className: 'v-removed' }, el('h4', {}, 'Removed in this draft'),
        el('ul', {}, ...state.draft.removed.map((r, k) => {
          const name = r.name;
          const st = statementByName(base, name);
          return el('li', { className: 'stmt removed' }, el('span', { className: 'stmt-text' }, st ? st.text : name), ' ',
            el('span', { className: 'edit-controls' }, el('button', { type: 'button', className: 'btn btn-small', ariaLabel: 'Restore: ' + short(st && st.text, 60),
              dataset: { action: 'restore', idx: String(k) } }, 'Restore')));
        }))));
    }
    if (m.references.length && !editing) {
      col.append(el('details', { className: 'v-refs' }, el('summary', {}, 'References (' + m.references.length + ')'),
        el('ol', {}, ...m.references.map((r) => el('li', { value: r.n },
          el('span', { className: 'ref-type' }, r.type_label || r.type || ''), ' ', r.title || r.id,
          el('span', { className: 'ref-id' }, ' [' + r.id + ']'))))));
    }
    return col;
  }

  function renderCompare() {
    const box = $('compare');
    box.replaceChildren();
    const main = versionOf(state.main);
    if (!main) {
      box.append(el('p', { className: 'empty' }, 'This answer has no stored version.'));
      return;
    }
    const other = state.other ? versionOf(state.other) : null;
    const mainModel = state.draft ? draftModel() : modelOf(main.answer);
    const otherModel = other ? modelOf(other.answer) : null;
    // When editing, compare the draft with the version it starts from.
    const cmpModel = state.draft ? modelOf(main.answer) : otherModel;
    const cmpVersion = 'version ' + (state.draft ? main.version : (other && other.version));
    box.classList.toggle('two', !!(other || state.draft));
    box.append(renderColumn(mainModel, main, cmpModel, cmpVersion, !!state.draft));
    if (state.draft) box.append(renderColumn(modelOf(main.answer), main, mainModel, 'the draft', false));
    else if (other) box.append(renderColumn(otherModel, other, modelOf(main.answer), 'version ' + main.version, false));
    $('diff-legend').hidden = !(other || state.draft);
  }

  // --- edits ------------------------------------------------------------------------------
  function startEdit() {
    const v = versionOf(state.main);
    if (!v || state.main !== latestVersion()) return;
    const json = v.answer;
    state.draft = {
      base: v.version,
      bottom: json.bottom_line && typeof json.bottom_line === 'object' ? 'b' : '',
      sections: (json.sections || []).map((s, i) => ({ title: s.title, numbered: !!s.numbered,
        names: (s.statements || []).map((st, j) => 's' + i + '.' + j) })),
      removed: [],
    };
    $('edit-note').value = '';
    clearError();
    renderAnswer();
    const first = document.querySelector('.version-col.editing .edit-controls button');
    if (first) first.focus();
    say('Editing version ' + v.version + ': reorder or remove statements, or choose the bottom line, then save.');
  }

  function editRequest() {
    const d = state.draft;
    const body = { base_version: d.base,
      sections: d.sections.filter((s) => s.names.length).map((s) => ({ title: s.title, statements: s.names.slice() })) };
    if (d.bottom && d.bottom !== 'b') body.bottom_line = d.bottom;
    const note = $('edit-note').value.trim();
    if (note) body.note = note;
    return body;
  }

  function draftChanges() {
    const d = state.draft;
    const json = versionOf(d.base).answer;
    // The order the sections would have with only the removals and the bottom-line swap applied.
    const expected = (json.sections || []).map((s, i) => (s.statements || []).map((st, j) => 's' + i + '.' + j)
      .filter((n) => !d.removed.some((r) => r.name === n)).map((n) => (n === d.bottom ? 'b' : n)).join(',')).join('|');
    const now = d.sections.map((s) => s.names.join(',')).join('|');
    const parts = [];
    if (d.removed.length) parts.push(d.removed.length + (d.removed.length === 1 ? ' statement removed' : ' statements removed'));
    if (d.bottom !== 'b') parts.push('new bottom line');
    if (now !== expected) parts.push('statements reordered');
    return { changed: parts.length > 0, text: parts.length ? 'Changes: ' + parts.join(', ') + '.' : 'No changes yet.' };
  }

  function renderEditPanel() {
    const panel = $('edit-panel');
    panel.hidden = !state.draft;
    if (!state.draft) return;
    const c = draftChanges();
    $('edit-summary').textContent = c.text;
    $('edit-save').disabled = !c.changed || state.busy;
  }

  // Restores a removed statement where it was removed from.
  function restore(k) {
    const d = state.draft;
    const r = d.removed.splice(k, 1)[0];
    const sec = d.sections.find((s) => s.title === r.title) || d.sections[0];
    sec.names.splice(Math.min(r.pos, sec.names.length), 0, r.name);
    return r.name;
  }

  $('compare').addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-action]');
    if (!button || !state.draft) return;
    const d = state.draft;
    const action = button.dataset.action;
    const i = Number(button.dataset.sec);
    const j = Number(button.dataset.idx);
    let focusName = '';
    let focusAction = action;
    let said = '';
    if (action === 'restore') {
      focusName = restore(j);
      focusAction = 'remove';
      said = 'Statement restored.';
    } else {
      const names = d.sections[i].names;
      const name = names[j];
      if (action === 'up' && j > 0) {
        [names[j - 1], names[j]] = [names[j], names[j - 1]];
        focusName = name;
        said = 'Moved up.';
        if (j - 1 === 0) focusAction = 'down';
      } else if (action === 'down' && j < names.length - 1) {
        [names[j + 1], names[j]] = [names[j], names[j + 1]];
        focusName = name;
        said = 'Moved down.';
        if (j + 1 === names.length - 1) focusAction = 'up';
      } else if (action === 'remove') {
        names.splice(j, 1);
        d.removed.push({ name, title: d.sections[i].title, pos: j });
        focusName = names[Math.min(j, names.length - 1)] || '';
        said = 'Statement removed; it can be restored below.';
      } else if (action === 'bottom') {
        // The chosen statement becomes the bottom line; the old bottom line takes its place.
        const old = d.bottom;
        d.bottom = name;
        if (old) names[j] = old; else names.splice(j, 1);
        focusName = old || '';
        said = 'New bottom line chosen; the previous bottom line moved into "' + d.sections[i].title + '".';
      }
    }
    renderCompare();
    renderEditPanel();
    say(said);
    const target = (focusName && document.querySelector('.version-col.editing [data-name="' + CSS.escape(focusName) + '"] button[data-action="' + focusAction + '"]')) ||
      document.querySelector('.version-col.editing .edit-controls button:not([disabled])') || $('edit-note');
    target.focus();
  });

  $('edit-start').addEventListener('click', startEdit);

  $('edit-cancel').addEventListener('click', () => {
    state.draft = null;
    renderAnswer();
    say('Edit cancelled.');
    $('edit-start').focus();
  });

  $('edit-save').addEventListener('click', async () => {
    if (!state.draft) return;
    const a = state.detail.answer;
    const body = editRequest();
    const base = state.draft.base;
    clearError();
    state.busy = true;
    $('edit-save').disabled = true;
    say('Saving the new version…');
    try {
      const data = await guarded('Saving the edit', () => api('POST', '/api/review/answers/' + encodeURIComponent(a.id) + '/edit', body));
      state.busy = false;
      const latest = data && data.answer && data.answer.latest_version;
      await loadAnswer(a.id, { main: latest, other: base, focus: false, said: 'Saved as version ' + latest + '.' });
      $('answer-title').focus();
    } catch (err) {
      state.busy = false;
      if (err.status === 409 || err.status === 404) await loadAnswer(a.id, { focus: false });
      else renderEditPanel();
      say('');
    }
  });

  // --- history ----------------------------------------------------------------------------
  function historyWhat(h) {
    if (h.to === 'edited') return 'Saved version ' + h.version + ' (edit)';
    if (h.to === 'stale') return 'Flagged stale';
    if (h.to === 'submitted' && !h.from) return 'Submitted version ' + h.version;
    const moved = (h.from ? statusLabel(h.from) + ' → ' : '') + statusLabel(h.to);
    return h.to === 'approved' ? moved + ' (version ' + h.version + ')' : moved;
  }

  function renderHistory() {
    const list = $('history');
    const entries = (state.detail.history || []).slice().reverse();
    list.replaceChildren(...entries.map((h) => el('li', { className: 'h-item h-' + String(h.to || '').replace(/[^a-z_]/g, '') },
      el('p', { className: 'h-line' },
        el('time', { dateTime: h.at || '' }, formatWhen(h.at)), ' · ',
        el('strong', {}, h.user || 'medoracle'), ' · ', historyWhat(h)),
      h.comment ? el('p', { className: 'h-comment' }, h.comment) : null)));
    if (!entries.length) list.append(el('li', { className: 'empty' }, 'No review events yet.'));
  }

  // --- routing ----------------------------------------------------------------------------
  async function route(fromLogin) {
    clearError();
    if (!state.user) {
      showView('login');
      return;
    }
    if (!canReview()) {
      showView('login');
      return;
    }
    const hash = location.hash;
    let m = /^#\/answer\/([0-9A-Za-z_-]{1,64})$/.exec(hash);
    if (m) {
      await loadAnswer(m[1]);
      return;
    }
    m = /^#\/queue\/([a-z_]+)$/.exec(hash);
    const filter = m && FILTERS.includes(m[1]) ? m[1] : state.filter;
    await loadQueue(filter);
    if (fromLogin) $('queue-title').focus();
  }

  window.addEventListener('hashchange', () => route(false));

  $('back').addEventListener('click', (ev) => {
    ev.preventDefault();
    location.hash = '#/queue/' + state.filter;
  });

  (async function start() {
    $('queue-title').tabIndex = -1;
    say('Checking your session…');
    try {
      const data = await api('GET', '/api/me');
      signedIn(data);
      say('');
      if (!canReview()) {
        showView('login');
        showError('Signed in as ' + data.user.name + ', but this account (' + data.user.role + ') cannot review answers.');
        return;
      }
      await route(false);
    } catch (err) {
      say('');
      showView('login');
      if (err.status !== 401) showError(describe(err, 'Checking your session'));
    }
  })();
})();
