/*
 * Elder-friendly mode (适老化): larger text, more line spacing, high contrast.
 * Loaded in <head> as a plain file (CSP: script-src 'self') so the class on <html> is set before the
 * first paint; the choice is remembered in localStorage under "gongkai-elder-mode".
 * The toggle buttons ([data-elder-toggle]) are rendered hidden: without JavaScript they never appear.
 */
(function () {
  'use strict';
  var KEY = 'gongkai-elder-mode';
  var ON_CLASS = 'elder-mode';
  var root = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === 'on';
    } catch (e) {
      return false; // storage blocked: the mode still works on this page
    }
  }

  function remember(on) {
    try {
      window.localStorage.setItem(KEY, on ? 'on' : 'off');
    } catch (e) {
      /* storage blocked or full: nothing to keep */
    }
  }

  function isOn() {
    return root.classList.contains(ON_CLASS);
  }

  function apply(on) {
    if (on) root.classList.add(ON_CLASS);
    else root.classList.remove(ON_CLASS);
    var buttons = document.querySelectorAll('[data-elder-toggle]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  apply(stored());
  // Lets the stylesheet show the button from the first paint, so revealing it shifts nothing.
  root.classList.add('has-elder-toggle');

  function setUp() {
    var buttons = document.querySelectorAll('[data-elder-toggle]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener('click', function () {
        var on = !isOn();
        apply(on);
        remember(on);
      });
    }
    apply(isOn());
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setUp);
  else setUp();

  // Another tab switched the mode: follow it.
  window.addEventListener('storage', function (event) {
    if (event.key === KEY) apply(event.newValue === 'on');
  });
})();
