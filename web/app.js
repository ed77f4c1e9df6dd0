// medoracle page: asks the JSON API and renders the answer. Every string from the API is
// inserted with textContent or as an attribute value, never parsed as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { answer: null, conversationId: '', question: '', history: [], exact: false };

  // el('p', {className: 'x'}, child, 'text', ...): children are nodes or plain text.
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key.startsWith('aria') || key === 'role') node.setAttribute(key.replace(/^aria([A-Z])/, (m, c) => 'aria-' + c.toLowerCase()), value);
      else node[key] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function audience() {
    const checked = document.querySelector('input[name="audience"]:checked');
    return checked ? checked.value : 'clinician';
  }

  function setAudience(value) {
    for (const input of document.querySelectorAll('input[name="audience"]')) input.checked = input.value === value;
  }

  // Only http(s) links from the corpus become hrefs.
  function safeUrl(url) {
    if (!url) return '';  // new URL('', base) would be the page itself
    try {
      const u = new URL(url, location.href);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '';
    } catch (e) {
      return '';
    }
  }

  function formatDate(text) {
    if (!text) return '';
    const d = new Date(text);
    if (isNaN(d.getTime())) return text;
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  }

  const REVIEW = { submitted: 'Submitted', under_review: 'Under review', approved: 'Approved', rejected: 'Rejected' };

  // The review badge from the answer's "review" block: "Approved 2026-11-26", "Submitted",
  // "Under review", "Stale: evidence changed" (stale wins: the approval no longer holds).
  function reviewBadge(review) {
    const r = review || {};
    const status = r.status || 'submitted';
    let kind = status;
    let text = REVIEW[status] || status;
    let title = 'Editorial review status';
    if (r.stale) {
      kind = 'stale';
      text = 'Stale: evidence changed';
      title = 'The evidence this answer cites changed since it was approved; it is back in review.';
    } else if (status === 'approved') {
      const day = isoDay(r.approved_at);
      if (day) text += ' ' + day;
      title = 'Approved by a medical editor' + (day ? ' on ' + formatDate(r.approved_at) : '');
    }
    return el('span', { className: 'badge badge-' + kind, title: title },
      el('span', { className: 'badge-label' }, 'Review: '), text);
  }

  // Near the top of every answer a medical editor has not approved (or whose approval no longer
  // holds): what that means for the reader, and where the review is explained.
  function reviewNotice(review) {
    const r = review || {};
    const status = r.status || 'submitted';
    if (status === 'approved' && !r.stale) return null;
    let lead = 'Pending review';
    let text = ': no medical editor has checked this answer yet. ';
    if (r.stale) {
      lead = 'Back in review';
      text = ': the evidence it cites changed after a medical editor approved it. ';
    } else if (status === 'under_review') {
      text = ': a medical editor is checking this answer. ';
    } else if (status === 'rejected') {
      lead = 'Rejected in review';
      text = ': a medical editor found this answer unreliable; do not rely on it. ';
    }
    return el('p', { className: 'pending-review' + (status === 'rejected' ? ' rejected' : ''), role: 'note' },
      el('strong', {}, lead), text, el('a', { href: '/about/review' }, 'How answers are reviewed'));
  }

  // The review steps: Submitted -> Under review -> Approved (or Rejected), each done step with its
  // date and the role of who took it, the current one marked.
  function reviewSteps(review) {
    const r = review || {};
    const status = r.status || 'submitted';
    const steps = r.steps || [];
    const find = (s) => steps.find((x) => x.status === s);
    const last = status === 'rejected' ? 'rejected' : 'approved';
    const order = ['submitted', 'under_review', last];
    const reached = order.indexOf(status);
    const list = el('ol', { className: 'stepper' });
    order.forEach((s, i) => {
      const step = s === 'submitted' ? { at: r.submitted_at } : find(s) || {};
      const done = i <= reached;
      const bits = [];
      if (done && step.role) bits.push('by ' + (step.role === 'admin' ? 'an administrator' : 'an ' + step.role));
      if (done && step.at) bits.push(formatDate(step.at));
      const li = el('li', { className: 'step' + (done ? ' done' : '') + (i === reached ? ' current' : '') + (done && s === 'rejected' ? ' rejected' : '') },
        el('span', { className: 'step-name' }, REVIEW[s]),
        bits.length ? el('span', { className: 'step-detail' }, bits.join(', ')) : null,
        done ? null : el('span', { className: 'visually-hidden' }, ' (not yet)'));
      if (i === reached) li.setAttribute('aria-current', 'step');
      list.append(li);
    });
    const section = el('section', { className: 'review-steps', id: 'review-steps', ariaLabelledby: 'review-steps-title' },
      el('h2', { id: 'review-steps-title' }, 'Editorial review'), list);
    if (r.stale) {
      // (The stale reason names document ids: it is for editors, on the review page.)
      section.append(el('p', { className: 'step-note' },
        'The evidence this answer cites changed after it was approved; it is back in the review queue.'));
    }
    section.append(el('p', { className: 'step-note' }, el('a', { href: '/about/review' }, 'How answers are reviewed')));
    return section;
  }

  // "2026-11-26" from an ISO 8601 time (the date as stored, UTC), else ''.
  function isoDay(text) {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(text || '');
    return m ? m[1] : '';
  }

  // --- citation pop-over ------------------------------------------------------------------
  const pop = $('cite-pop');
  let popOwner = null;

  // --- the source viewer and the documents' own words --------------------------------------
  // /d/{doc_id}?span=START-END,...: the document as loaded with the spans highlighted.
  function viewerUrl(docId, spans) {
    const list = (spans || []).map((e) => e.start + '-' + e.end);
    return '/d/' + encodeURIComponent(docId) + (list.length ? '?span=' + list.join(',') : '');
  }

  // The evidence entries of the whole answer for reference n (for its link in the list).
  function evidenceOf(a, n) {
    const out = [];
    const statements = [a.bottom_line].concat(a.seek_care || [], ...(a.sections || []).map((s) => s.statements));
    for (const st of statements) {
      for (const e of (st && st.evidence) || []) {
        if (e.ref === n && !out.some((o) => o.start === e.start && o.end === e.end)) out.push(e);
      }
    }
    return out.sort((x, y) => x.start - y.start);
  }

  // The references whose quoted words cite reference n (an overview citing a guideline).
  function citersOf(a, n) {
    const out = new Set();
    const statements = [a.bottom_line].concat(a.seek_care || [], ...(a.sections || []).map((s) => s.statements));
    for (const st of statements) {
      if (!st || !(st.citations || []).includes(n)) continue;
      for (const e of st.evidence || []) if (e.ref !== n) out.add(e.ref);
    }
    return [...out].sort((x, y) => x - y);
  }

  // Documents fetched for their quoted words: doc_id -> Promise of {text bytes}.
  const documents = new Map();
  const utf8 = new TextEncoder();
  const fromUtf8 = new TextDecoder();
  function loadDocument(docId) {
    if (!documents.has(docId)) {
      documents.set(docId, fetch('/api/documents/' + encodeURIComponent(docId)).then(async (res) => {
        const data = await res.json();
        if (!res.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + res.status));
        return { bytes: utf8.encode(data.text || '') };
      }));
      documents.get(docId).catch(() => documents.delete(docId));  // a failure is not remembered
    }
    return documents.get(docId);
  }

  const squash = (text) => text.replace(/\s+/g, ' ').trim();

  // The document's own words at the spans (UTF-8 byte offsets), joined: adjacent spans with a
  // space, others with an ellipsis. Null when a span is outside the text.
  function quoteOf(doc, spans) {
    let out = '';
    let last = -1;
    for (const e of spans) {
      if (e.end > doc.bytes.length || e.start >= e.end) return null;
      if (last >= 0) out += e.start - last <= 2 ? ' ' : ' … ';
      out += fromUtf8.decode(doc.bytes.subarray(e.start, e.end));
      last = e.end;
    }
    return squash(out);
  }

  // Fills the popover's quote box with reference n's own words (its text at its own spans), or
  // says the source changed when those words are no longer the statement's.
  async function fillQuote(box, n, ref, spans, statementText) {
    try {
      const doc = await loadDocument(ref.id);
      if (popOwner === null || Number(popOwner.dataset.ref) !== n || !box.isConnected) return;
      const quote = quoteOf(doc, spans);
      const parts = (quote || '').split(' … ');
      if (quote && parts.every((p) => squash(statementText).includes(p))) {
        box.replaceChildren(el('blockquote', { className: 'pop-quote' }, quote));
      } else {
        box.replaceChildren(el('p', { className: 'pop-warn' },
          'The source no longer has these words where the answer found them (it was reloaded since); open it to compare.'));
      }
    } catch (e) {
      box.replaceChildren(el('p', { className: 'pop-warn' }, 'The quoted words could not be loaded: ' + e.message + '.'));
    }
    placePopover();  // its height changed
  }

  function showCitation(button, pinned) {
    const a = state.answer;
    if (popOwner && popOwner !== button) popOwner.setAttribute('aria-expanded', 'false');
    const n = Number(button.dataset.ref);
    const ref = a.references.find((r) => r.n === n);
    if (!ref) return;
    const statement = button.closest('[data-statement]');
    const allEvidence = (statement && statement._evidence) || [];
    const own = allEvidence.filter((e) => e.ref === n).sort((x, y) => x.start - y.start);
    pop.replaceChildren();
    pop.append(el('p', { className: 'pop-type' }, ref.type_label || ref.type));
    pop.append(el('p', { className: 'pop-title', id: 'cite-pop-title' }, ref.title || 'Untitled source'));
    const venue = [ref.source, ref.year].filter(Boolean).join(', ');
    if (venue) pop.append(el('p', { className: 'pop-venue' }, venue));
    const links = el('p', { className: 'pop-links' });
    if (own.length) {
      // The statement is this reference's own words: show them, from the document itself.
      const box = el('div', { className: 'pop-quote-box' }, el('p', { className: 'pop-loading' }, 'Loading the quoted words…'));
      pop.append(el('p', { className: 'pop-label' }, 'Quoted from this source:'), box);
      fillQuote(box, n, ref, own, statement._text);
      links.append(el('a', { href: viewerUrl(ref.id, own), target: '_blank', rel: 'noopener', className: 'pop-viewer' }, 'Show it highlighted in the source'));
    } else {
      // A work that the quoted source cites for this statement: its own words are not quoted.
      const quoted = [...new Set(allEvidence.map((e) => e.ref))]
        .map((k) => a.references.find((r) => r.n === k)).filter(Boolean);
      const from = quoted.length
        ? 'This statement is quoted from ' + quoted.map((r) => 'reference ' + r.n + ' (' + (r.title || r.type_label) + ')').join(' and ') +
          ', which cites this source for it. This source\'s own words are not quoted here.'
        : 'This source is cited for the statement; its own words are not quoted here.';
      pop.append(el('p', { className: 'pop-cited' }, from));
      if (ref.loaded !== false) {
        links.append(el('a', { href: viewerUrl(ref.id, []), target: '_blank', rel: 'noopener', className: 'pop-viewer' }, 'Open the source'));
      } else {
        pop.append(el('p', { className: 'pop-unloaded' }, 'This source is not loaded here, so it cannot be shown in the source viewer.'));
      }
    }
    const url = safeUrl(ref.url);
    if (url) {
      if (links.childNodes.length) links.append(' · ');
      links.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'Original at ' + new URL(url).host));
    }
    if (links.childNodes.length) links.append(' · ');
    links.append(el('a', { href: '#ref-' + n }, 'Reference ' + n));
    pop.append(links);
    pop.hidden = false;
    pop.dataset.pinned = pinned ? 'true' : '';
    popOwner = button;
    button.setAttribute('aria-expanded', 'true');
    placePopover();
  }

  // Puts the popover beside its citation, wholly in view: below it, or above when there is more
  // room there, no taller than that room (it scrolls inside), never past the screen's sides.
  function placePopover() {
    if (!popOwner || pop.hidden) return;
    const r = popOwner.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;
    const gap = 6;
    const margin = 8;
    const width = Math.min(360, vw - 2 * margin);
    pop.style.width = width + 'px';
    pop.style.maxHeight = '';
    const left = Math.max(margin, Math.min(r.left, vw - width - margin));
    pop.style.left = (left + window.scrollX) + 'px';
    const below = vh - r.bottom - gap - margin;
    const above = r.top - gap - margin;
    const height = pop.offsetHeight;
    const downward = height <= below || below >= above;
    const room = Math.max(120, downward ? below : above);
    pop.style.maxHeight = room + 'px';
    const shown = Math.min(height, room);
    const top = downward ? r.bottom + gap : r.top - gap - shown;
    pop.style.top = (top + window.scrollY) + 'px';
  }

  function hideCitation() {
    if (popOwner) popOwner.setAttribute('aria-expanded', 'false');
    pop.hidden = true;
    popOwner = null;
  }

  // A statement's citation buttons: one Tab stop for the group (the arrow keys move within it).
  function citations(list) {
    if (!list || !list.length) return null;
    const span = el('span', { className: 'cites', role: 'group', ariaLabel: 'Sources of this statement' });
    list.forEach((n, i) => {
      const b = el('button', { type: 'button', className: 'cite', ariaLabel: 'Reference ' + n + ': show the source',
        ariaExpanded: 'false', ariaHaspopup: 'dialog', tabIndex: i === 0 ? 0 : -1, dataset: { ref: String(n) } }, String(n));
      span.append(b);
    });
    return span;
  }

  // Left / Right / Home / End within a statement's citations (a roving Tab stop).
  function moveInGroup(button, key) {
    const group = [...button.parentNode.querySelectorAll('button.cite')];
    const i = group.indexOf(button);
    const j = key === 'Home' ? 0 : key === 'End' ? group.length - 1
      : (i + (key === 'ArrowRight' ? 1 : -1) + group.length) % group.length;
    for (const b of group) b.tabIndex = b === group[j] ? 0 : -1;
    group[j].focus();
  }

  // The next element a Tab press would reach after the owner's citations (outside the popover).
  function nextTabStop(owner) {
    const group = owner.closest('.cites') || owner;
    const candidates = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]');
    for (const node of candidates) {
      if (node.tabIndex < 0 || node.disabled || pop.contains(node) || group.contains(node)) continue;
      if (!(group.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (!node.getClientRects().length) continue;  // not shown
      return node;
    }
    return null;
  }

  // Badges for the guideline grades a statement quotes ("Strong for", "Weak against").
  function gradeBadges(grades) {
    if (!grades || !grades.length) return null;
    const span = el('span', { className: 'grades' });
    for (const g of grades) {
      const kind = [g.strength || 'neither', g.direction || 'none'].join('-');
      span.append(el('span', { className: 'grade grade-' + kind, title: 'Strength of the guideline recommendation' },
        el('span', { className: 'visually-hidden' }, 'Guideline grade: '), g.label), ' ');
    }
    return span;
  }

  function statementNode(tag, s) {
    const node = el(tag, { dataset: { statement: '' } }, s.text, ' ', gradeBadges(s.grades), citations(s.citations));
    if (s.non_human) node.append(' ', el('span', { className: 'non-human' }, '(animal or laboratory study)'));
    node._evidence = s.evidence || [];
    node._text = s.text;
    return node;
  }

  // What a declined question searched, in plain words: the API's "searched" list holds the
  // question's words first, then '"lay words" also as "clinical name"' lines, and the stemmed
  // "content terms: ..." for programs, which a reader is not shown.
  function plainSearched(list) {
    const out = [];
    list.forEach((item, i) => {
      const text = String(item).trim();
      if (!text || /^content terms:/.test(text)) return;
      out.push(i === 0 ? 'The words of your question: ' + text.split(/\s+/).join(', ') : text);
    });
    return out;
  }

  // --- rendering --------------------------------------------------------------------------
  function render(a) {
    state.answer = a;
    hideCitation();
    const root = $('answer');
    root.replaceChildren();

    if (a.spelling && a.spelling.original) {
      // The question was answered with its spelling corrected; the original can be searched as typed.
      root.append(el('p', { className: 'spelling', role: 'note' }, 'Showing results for ',
        el('b', {}, a.spelling.corrected || a.question), ' — search instead for ',
        el('a', { href: '#', className: 'spell-exact', dataset: { q: a.spelling.original } }, a.spelling.original)));
    }
    if (a.message && a.message.main_question) {
      // A long message was answered for its main question and the focus named around it.
      const focus = a.message.focus || [];
      const note = el('div', { className: 'message-note', role: 'note' },
        el('p', {}, 'From your message we answered: ', el('b', {}, a.message.main_question),
          focus.length ? ' (about ' + focus.join(', ') + ')' : ''));
      const others = a.message.other_questions || [];
      if (others.length) {
        note.append(el('p', {}, 'Your message also asks:'),
          el('ul', {}, ...others.map((q) => {
            const ask = focus.length ? q + ' (' + focus.join(', ') + ')' : q;
            return el('li', {}, el('button', { type: 'button', className: 'related-q', dataset: { q: ask } }, q));
          })));
      }
      root.append(note);
    }
    root.append(el('h1', { className: 'question' }, a.question));
    if (a.searched_as) root.append(el('p', { className: 'context' }, 'Answered in the context of the conversation (searched as: ', el('q', {}, a.searched_as), ')'));
    if (a.follow_up_without_conversation) {
      root.append(el('p', { className: 'context no-context', role: 'note' },
        'This reads as a follow-up, but there is no earlier question to follow; it was answered as a new question. Ask the full question for a better answer.'));
    }

    // A "no answer" page has nothing to review: no review badge, notice or steps.
    const meta = el('div', { className: 'meta' }, a.answered ? reviewBadge(a.review) : null);
    const updated = formatDate(a.review && a.review.updated_at);
    if (updated && a.answered) meta.append(el('span', { className: 'updated' }, 'Updated ' + updated));
    meta.append(el('span', { className: 'aud' }, a.audience === 'patient' ? 'For patients and caregivers' : 'For clinicians'));
    root.append(meta);
    if (a.answered) {
      const notice = reviewNotice(a.review);
      if (notice) root.append(notice);
    }

    if (!a.answered) {
      const na = a.no_answer || {};
      const box = el('section', { className: 'no-answer', ariaLabelledby: 'na-title' },
        el('h2', { id: 'na-title' }, 'No answer from the loaded evidence'),
        el('p', {}, na.reason || 'The loaded evidence does not cover this question.'));
      const searched = plainSearched(na.searched || []);
      if (searched.length) {
        box.append(el('h3', {}, 'What was searched'), el('ul', { className: 'searched' }, ...searched.map((s) => el('li', {}, s))));
      }
      if (na.suggestions && na.suggestions.length) {
        box.append(el('h3', {}, 'What you can do'), el('ul', {}, ...na.suggestions.map((s) => el('li', {}, s))));
      }
      root.append(box);
    } else {
      if (a.degraded) {
        // Composition reached its time limit (a loaded server): fewer sources than usual were read.
        root.append(el('div', { className: 'limited', role: 'note' },
          el('p', {}, el('strong', {}, 'Partial answer'), ': the server was too busy to read every source in time, so ' +
            'this answer comes from fewer sources than usual. Ask again in a moment for the full answer.')));
      }
      if (a.limited_evidence) {
        // The engine's "limited evidence" flag: a banner above the bottom line, with what to do.
        root.append(el('div', { className: 'limited', role: 'note' },
          el('p', {}, el('strong', {}, 'Limited evidence'), ': the loaded sources cover this question only in part, so ' +
            'this answer may leave out what matters. Read each statement with its source, and ask an administrator to ' +
            'load guidelines or reviews on this topic if you need a fuller answer.')));
      }
      // A named drug's boxed warning comes before anything else about the drug.
      for (const callout of a.callouts || []) {
        root.append(el('section', { className: 'callout ' + (callout.kind || ''), role: 'note' },
          el('h2', {}, callout.title),
          el('ul', {}, ...(callout.statements || []).map((s) => statementNode('li', s)))));
      }
      const bl = el('section', { className: 'bottom-line', ariaLabel: 'Bottom line' }, el('h2', {}, 'Bottom line'));
      bl.append(statementNode('p', a.bottom_line));
      root.append(bl);
      // A language model's summary (serve --llm-url): only sentences verified against the
      // statements they cite are sent; the extractive answer below stays the answer.
      if (a.summary) {
        const sm = a.summary;
        const box = el('section', { className: 'generated-summary', ariaLabel: 'Generated summary' },
          el('h2', {}, sm.heading || 'Generated summary (verified against the cited statements)'));
        for (const s of sm.sentences || []) box.append(el('p', {}, s.text, ' ', citations(s.citations)));
        if (!(sm.sentences || []).length) box.append(el('p', { className: 'note' }, 'No generated sentence passed verification.'));
        if (sm.error) box.append(el('p', { className: 'note' }, 'Summary unavailable: ' + sm.error));
        if ((sm.dropped || []).length) {
          box.append(el('p', { className: 'note' }, sm.dropped.length + ' generated sentence' +
            (sm.dropped.length === 1 ? ' was' : 's were') + ' dropped: not supported by the statements cited.'));
        }
        root.append(box);
      }
    }

    if (a.seek_care && a.seek_care.length) {
      root.append(el('section', { className: 'seek-care' }, el('h2', {}, 'Seek care now if'),
        el('ul', {}, ...a.seek_care.map((s) => statementNode('li', s)))));
    }

    for (const section of a.sections || []) {
      const list = el(section.numbered ? 'ol' : 'ul', {}, ...section.statements.map((s) => statementNode('li', s)));
      root.append(el('section', { className: 'section' + (section.numbered ? ' algorithm' : '') }, el('h2', {}, section.title), list));
    }

    if (a.references && a.references.length) {
      const ol = el('ol', { className: 'refs' });
      for (const r of a.references) {
        // The title opens the source viewer with every passage of it the answer quotes; a work that
        // is cited but not loaded links to its original, where one is known.
        const url = safeUrl(r.url);
        const title = r.title || 'Untitled source';
        const li = el('li', { id: 'ref-' + r.n, value: r.n }, el('span', { className: 'ref-type' }, r.type_label || r.type), ' ');
        if (r.loaded !== false) {
          li.append(el('a', { href: viewerUrl(r.id, evidenceOf(a, r.n)), target: '_blank', rel: 'noopener', className: 'ref-title' }, title));
        } else if (url) {
          li.append(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', className: 'ref-title ref-external' }, title));
        } else {
          li.append(el('span', { className: 'ref-title' }, title));
        }
        const venue = [r.source, r.year].filter(Boolean).join(', ');
        if (venue) li.append((/[.?!]$/.test(title) ? ' ' : '. ') + venue);
        if (r.loaded === false) {
          const by = citersOf(a, r.n);
          li.append(' ', el('span', { className: 'ref-note' }, '(' + (by.length ? 'cited by reference ' + by.join(' and ') + '; ' : '') +
            'not loaded here' + (url ? ', so the link opens the original)' : ')')));
        } else if (url) {
          li.append(' · ', el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', className: 'ref-original' }, 'Original at ' + new URL(url).host));
        }
        ol.append(li);
      }
      root.append(el('section', { className: 'references' }, el('h2', {}, 'References'), ol));
    }

    if (a.related_questions && a.related_questions.length) {
      root.append(el('section', { className: 'related' }, el('h2', {}, 'Related questions'),
        el('ul', {}, ...a.related_questions.map((q) => el('li', {}, el('button', { type: 'button', className: 'related-q', dataset: { q: q } }, q))))));
    }

    if (state.history.length > 1) {
      root.append(el('section', { className: 'history' }, el('h2', {}, 'This conversation'),
        el('ol', {}, ...state.history.map((q) => el('li', {}, q)))));
    }

    if (a.answered) root.append(reviewSteps(a.review));
    if (a.answered) root.append(el('p', { className: 'disclaimer' }, a.disclaimer || ''));
    root.hidden = false;
    $('home-title').hidden = true;
    document.body.classList.add('has-answer');
    $('followup-form').hidden = false;
    document.title = a.question + ' · medoracle';
  }

  // The status line under the question box; a problem is shown as one (and read out).
  function say(text, problem) {
    const status = $('status');
    status.textContent = text;
    status.classList.toggle('problem', !!problem);
  }

  // Back to the empty page (a link that cannot be shown): no answer and nothing to follow up.
  function showNoAnswerPage() {
    $('answer').hidden = true;
    $('answer').replaceChildren();
    $('followup-form').hidden = true;
    $('home-title').hidden = false;
    document.body.classList.remove('has-answer');
    state.answer = null;
    state.question = '';
    state.conversationId = '';
    hideCitation();
  }

  // --- talking to the API -----------------------------------------------------------------
  async function ask(question, opts) {
    const body = { question: question, audience: audience() };
    if (opts.conversation && state.conversationId) body.conversation_id = state.conversationId;
    if (opts.exact) body.exact = true;
    say('Searching the evidence…');
    $('answer').setAttribute('aria-busy', 'true');
    try {
      const res = await fetch('/api/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const data = await res.json();
      if (!res.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + res.status));
      state.conversationId = data.conversation_id || '';
      if (!opts.rerender) state.history = opts.conversation ? state.history.concat([question]) : [question];
      state.question = question;
      state.exact = !!opts.exact;
      render(data);
      // The link carries the conversation, so a follow-up from a shared link keeps its focus.
      history.pushState({ id: data.id }, '', '/a/' + encodeURIComponent(data.id) +
        (state.conversationId ? '?c=' + encodeURIComponent(state.conversationId) : ''));
      say(data.answered ? 'Answer ready.' : 'No answer from the loaded evidence.');
      if (!opts.keepFocus) $('answer').focus({ preventScroll: false });
    } catch (e) {
      say('Could not get an answer: ' + e.message, true);
    } finally {
      $('answer').removeAttribute('aria-busy');
    }
  }

  async function loadShared(id) {
    say('Loading the answer…');
    try {
      const res = await fetch('/api/answers/' + encodeURIComponent(id));
      const data = await res.json();
      if (!res.ok) throw new Error((data.error && data.error.message) || ('HTTP ' + res.status));
      setAudience(data.audience);
      state.question = data.question;
      state.history = [data.question];
      const c = new URLSearchParams(location.search).get('c') || '';
      state.conversationId = /^[0-9a-f]{1,64}$/.test(c) ? c : '';
      $('question').value = data.question;
      render(data);
      say('');
    } catch (e) {
      showNoAnswerPage();
      say('This answer is not available: ' + e.message + '. Ask the question again above.', true);
    }
  }

  // --- events -----------------------------------------------------------------------------
  // A question box left empty (or only spaces) is marked and the status says what to do.
  function complainEmpty(input, what) {
    input.setAttribute('aria-invalid', 'true');
    say('Type ' + what + ' first, for example "What is the first-line treatment for gout?"', true);
    input.focus();
  }
  for (const id of ['question', 'followup']) {
    $(id).addEventListener('input', () => {
      if ($(id).hasAttribute('aria-invalid')) {
        $(id).removeAttribute('aria-invalid');
        say('');
      }
    });
  }

  $('ask-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('question').value.trim();
    if (!q) return complainEmpty($('question'), 'a question');
    ask(q, { conversation: false });
  });

  $('followup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = $('followup').value.trim();
    if (!q) return complainEmpty($('followup'), 'a follow-up question');
    $('followup').value = '';
    followUp(q);
  });

  // A follow-up to an answer opened from a link without its conversation: the answer's own
  // question starts one first (its answer is stored, so this is quick), then the follow-up
  // continues it.
  async function followUp(q) {
    if (!state.conversationId && state.question) {
      try {
        const res = await fetch('/api/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ question: state.question, audience: audience() }) });
        const data = await res.json();
        if (res.ok) state.conversationId = data.conversation_id || '';
      } catch (e) { /* asked as a new question below */ }
    }
    ask(q, { conversation: true });
  }

  $('audience').addEventListener('change', () => {
    if (state.question) ask(state.question, { conversation: true, rerender: true, keepFocus: true, exact: state.exact });
  });

  $('answer').addEventListener('click', (ev) => {
    const cite = ev.target.closest('button.cite');
    if (cite) {
      if (popOwner === cite && pop.dataset.pinned) {
        hideCitation();
      } else {
        showCitation(cite, true);
        // From the keyboard (or a screen reader), focus moves into the popover, read as a dialog.
        if (ev.detail === 0) pop.focus();
      }
      ev.stopPropagation();
      return;
    }
    const exact = ev.target.closest('a.spell-exact');
    if (exact) {
      // "Search instead for": the question as typed, without spelling correction.
      ev.preventDefault();
      $('question').value = exact.dataset.q;
      ask(exact.dataset.q, { conversation: false, exact: true });
      return;
    }
    const related = ev.target.closest('button.related-q');
    if (related) {
      $('question').value = related.dataset.q;
      ask(related.dataset.q, { conversation: false });
    }
  });
  $('answer').addEventListener('mouseover', (ev) => {
    const cite = ev.target.closest('button.cite');
    if (cite && !pop.dataset.pinned) showCitation(cite, false);
  });
  $('answer').addEventListener('mouseout', (ev) => {
    const cite = ev.target.closest('button.cite');
    if (cite && !pop.dataset.pinned && !pop.contains(ev.relatedTarget)) hideCitation();
  });
  pop.addEventListener('mouseleave', () => {
    if (!pop.dataset.pinned) hideCitation();
  });
  // Focus given back to a citation after its popover closed does not open it again.
  let quietFocus = false;
  function returnFocus(button) {
    quietFocus = true;
    button.focus();
    quietFocus = false;
  }
  $('answer').addEventListener('focusin', (ev) => {
    const cite = ev.target.closest('button.cite');
    if (cite && !quietFocus) showCitation(cite, false);
  });
  // Focus moving on from a citation (not into its popover) closes a preview.
  $('answer').addEventListener('focusout', (ev) => {
    const to = ev.relatedTarget;
    if (!ev.target.closest('button.cite') || pop.dataset.pinned) return;
    if (to && (to.closest('button.cite') || pop.contains(to))) return;
    hideCitation();
  });
  $('answer').addEventListener('keydown', (ev) => {
    const cite = ev.target.closest('button.cite');
    if (cite && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(ev.key)) {
      ev.preventDefault();
      moveInGroup(cite, ev.key);
    }
  });
  // Tab past the popover's last link closes it and goes on after the citations; Shift+Tab before
  // its first goes back to the citation.
  pop.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab' || !popOwner) return;
    const links = [...pop.querySelectorAll('a[href], button')];
    const owner = popOwner;
    if (!ev.shiftKey && (document.activeElement === links[links.length - 1] || !links.length)) {
      ev.preventDefault();
      hideCitation();
      const next = nextTabStop(owner);
      (next || owner).focus();
    } else if (ev.shiftKey && (document.activeElement === pop || document.activeElement === links[0])) {
      ev.preventDefault();
      hideCitation();
      returnFocus(owner);
    }
  });
  document.addEventListener('click', (ev) => {
    if (!pop.hidden && !pop.contains(ev.target)) hideCitation();
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && !pop.hidden) {
      const owner = popOwner;
      hideCitation();
      if (owner) returnFocus(owner);
    }
  });
  window.addEventListener('popstate', () => route());
  window.addEventListener('resize', () => placePopover());

  function route() {
    const shared = location.pathname.match(/^\/a\/(.*)$/);
    if (!shared) {
      if (state.answer) showNoAnswerPage();  // back to the home page
      return;
    }
    if (/^[0-9a-fA-F]{1,64}$/.test(shared[1])) return loadShared(shared[1]);
    showNoAnswerPage();
    say('This is not a valid answer link: answer links end in /a/ and 16 letters and digits. ' +
      'Check the link, or ask the question again above.', true);
  }
  route();
})();
