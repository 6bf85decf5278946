// Elder-friendly mode (适老化): applied in <head> before the first paint, remembered, followed across tabs.
(function (d, key) {
  var root = d.documentElement;
  function apply(on, save) {
    root.classList.toggle('elder-mode', on);
    d.querySelectorAll('[data-elder-toggle]').forEach(function (b) { b.setAttribute('aria-pressed', on); });
    try { if (save) localStorage.setItem(key, on ? 'on' : 'off'); } catch (e) {}
  }
  try { apply(localStorage.getItem(key) === 'on'); } catch (e) {}
  root.classList.add('has-elder-toggle');
  d.addEventListener('DOMContentLoaded', function () {
    d.querySelectorAll('[data-elder-toggle]').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () { apply(!root.classList.contains('elder-mode'), true); });
    });
    apply(root.classList.contains('elder-mode'));
  });
  addEventListener('storage', function (e) { if (e.key === key) apply(e.newValue === 'on'); });
})(document, 'gongkai-elder-mode');
