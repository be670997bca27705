/* Counts a view of this page: sends the page's path only (no cookie, no identifier).
   The site works the same without this script. */
(function () {
  "use strict";
  if (!navigator.sendBeacon || navigator.doNotTrack === "1" || navigator.globalPrivacyControl) {
    return;
  }
  var body = JSON.stringify({ path: window.location.pathname });
  navigator.sendBeacon("/api/v1/pageviews", new Blob([body], { type: "text/plain" }));
})();
