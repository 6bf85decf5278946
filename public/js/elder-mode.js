// Elder-friendly mode (适老化), loaded in <head> to apply before the first paint; kept in localStorage.
(function () {
  var KEY = 'gongkai-elder-mode', root = document.documentElement;
  function buttons() { return document.querySelectorAll('[data-elder-toggle]'); }
  function apply(on) {
    root.classList.toggle('elder-mode', on);
    for (var b = buttons(), i = 0; i < b.length; i++) b[i].setAttribute('aria-pressed', String(on));
  }
  try { apply(localStorage.getItem(KEY) === 'on'); } catch (e) { apply(false); }
  root.classList.add('has-elder-toggle');
  function setUp() {
    for (var b = buttons(), i = 0; i < b.length; i++) {
      b[i].hidden = false;
      b[i].addEventListener('click', function () {
        var on = !root.classList.contains('elder-mode');
        apply(on);
        try { localStorage.setItem(KEY, on ? 'on' : 'off'); } catch (e) {}
      });
    }
    apply(root.classList.contains('elder-mode'));
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
  else setUp();
  // Another tab switched the mode: follow it.
  addEventListener('storage', function (e) { if (e.key === KEY) apply(e.newValue === 'on'); });
})();
