// Sujarit: small helpers of the complaint pages. Every page works without it.
// - the receipt: copy the tracking code, print the receipt;
// - the tracking page: the code carried in the URL's fragment (#code=…, which
//   no server ever receives) is put in the box, the form sent, and the
//   fragment removed from the address bar;
// - the filing form: "use my current position" fills latitude and longitude
//   from the browser (no map, no outside request).
(function () {
  "use strict";

  function say(id, text) {
    var status = document.getElementById(id);
    if (status) {
      status.textContent = text;
    }
  }

  function copyBySelection(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    return copied;
  }

  var code = document.getElementById("tracking-code");
  var copy = document.getElementById("copy-code");
  if (code && copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var text = code.textContent.trim();
      var done = function () { say("copy-status", "คัดลอกรหัส " + text + " แล้ว"); };
      var failed = function () {
        if (copyBySelection(code)) {
          done();
        } else {
          say("copy-status", "คัดลอกอัตโนมัติไม่ได้ รหัสถูกเลือกไว้แล้ว โปรดกดคัดลอกเอง");
        }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, failed);
      } else {
        failed();
      }
    });
  }

  var print = document.getElementById("print-receipt");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  var box = document.getElementById("code");
  var carried = /^#code=([A-Za-z0-9-]{16,40})$/.exec(window.location.hash);
  if (box && carried) {
    // The code leaves the address bar (and the history) at once.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    if (!box.value) {
      box.value = carried[1];
      if (box.form) {
        box.form.submit();
      }
    }
  }

  var locate = document.getElementById("locate");
  var latitude = document.getElementById("latitude");
  var longitude = document.getElementById("longitude");
  if (locate && latitude && longitude && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      say("locate-status", "กำลังหาตำแหน่ง…");
      navigator.geolocation.getCurrentPosition(function (position) {
        latitude.value = position.coords.latitude.toFixed(6);
        longitude.value = position.coords.longitude.toFixed(6);
        say("locate-status", "ใส่ตำแหน่งปัจจุบันแล้ว (คลาดเคลื่อนประมาณ " +
          Math.round(position.coords.accuracy) + " เมตร)");
      }, function () {
        say("locate-status", "หาตำแหน่งไม่ได้ หรือไม่ได้อนุญาตให้ใช้ตำแหน่ง กรอกเองหรือเว้นว่างไว้ก็ได้");
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }
}());
