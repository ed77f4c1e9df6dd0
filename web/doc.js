// medoracle source viewer (/d/{doc_id}, rendered by the server): brings the first highlighted
// passage into view and gives it focus, so the quoted words are what the reader sees and hears
// first; "Go to passage" links do the same for the others.
'use strict';

(function () {
  function show(mark) {
    if (!mark) return;
    mark.scrollIntoView({ block: 'center' });
    mark.focus({ preventScroll: true });
  }
  const wanted = location.hash.match(/^#(quote-\d+)$/);
  show(document.getElementById(wanted ? wanted[1] : 'quote-1'));
  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('a[href^="#quote-"]');
    if (!link) return;
    ev.preventDefault();
    const mark = document.getElementById(link.getAttribute('href').slice(1));
    history.replaceState(null, '', link.getAttribute('href'));
    show(mark);
  });
})();
