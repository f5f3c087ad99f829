/* The public form: a map pin or the phone's location, nearby complaints of the same kind,
   the establishment search, and a check of the photos chosen. Works without it too. */
(function () {
  'use strict';
  function $(id) { return document.getElementById(id); }
  var form = document.querySelector('form[data-report]');
  if (!form) { return; }
  var lat = form.querySelector('[name=latitude]'), lon = form.querySelector('[name=longitude]');
  var source = form.querySelector('[name=location_source]'), status = $('map-status');
  var mapEl = $('report-map'), map = null, marker = null;

  function say(text) { if (status) { status.textContent = text; } }
  function place(latlng, how) {
    lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6); source.value = how;
    if (map) {
      if (!marker) { marker = L.marker(latlng, {draggable: true}).addTo(map);
        marker.on('dragend', function () { place(marker.getLatLng(), 'pin'); }); }
      else { marker.setLatLng(latlng); }
    }
    say(mapEl.dataset.placed);
    loadNearby();
  }
  if (mapEl && window.L) {
    map = L.map(mapEl).setView([13.2, 100.9], 5);
    L.tileLayer(mapEl.dataset.tiles, {attribution: mapEl.dataset.attribution, maxZoom: 19}).addTo(map);
    map.on('click', function (e) { place(e.latlng, 'pin'); });
    if (lat.value && lon.value) { var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value)); map.setView(start, 15); place(start, source.value || 'pin'); }
  }
  var gps = $('use-gps');
  if (gps) {
    if (!navigator.geolocation) { gps.hidden = true; }
    gps.addEventListener('click', function () {
      say(gps.dataset.wait);
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
        if (map) { map.setView(here, 16); }
        place(here, 'gps');
      }, function () { say(gps.dataset.failed); }, {enableHighAccuracy: true, timeout: 15000});
    });
  }

  function loadNearby() {
    var box = $('nearby'); if (!box || !window.htmx) { return; }
    var chosen = form.querySelector('[name=category]:checked');
    if (!chosen) { return; }
    var params = new URLSearchParams({category: chosen.value, latitude: lat.value, longitude: lon.value,
      district: ($('id_district') || {}).value || '', subdistrict: ($('id_subdistrict') || {}).value || ''});
    htmx.ajax('GET', box.dataset.url + '?' + params.toString(), {target: box, swap: 'innerHTML'});
  }
  form.querySelectorAll('[name=category]').forEach(function (r) { r.addEventListener('change', loadNearby); });
  ['id_district', 'id_subdistrict'].forEach(function (id) { var el = $(id); if (el) { el.addEventListener('change', loadNearby); } });

  // The establishment search answers with buttons; choosing one keeps its number.
  var est = form.querySelector('[name=establishment]'), chosenName = $('establishment-chosen');
  document.addEventListener('click', function (e) {
    var pick = e.target.closest('[data-establishment]');
    if (pick) {
      e.preventDefault(); est.value = pick.dataset.establishment;
      chosenName.querySelector('span').textContent = pick.dataset.name; chosenName.hidden = false;
      $('establishment-results').innerHTML = '';
    }
    if (e.target.closest('#establishment-clear')) { e.preventDefault(); est.value = ''; chosenName.hidden = true; }
  });

  // Photos: say at once when there are too many or one is too large.
  var photos = form.querySelector('input[type=file][name=photos]'), photoNote = $('photo-note');
  if (photos && photoNote) {
    photos.addEventListener('change', function () {
      var limit = parseInt(photos.dataset.maxMb, 10) * 1024 * 1024, files = Array.prototype.slice.call(photos.files);
      var big = files.filter(function (f) { return f.size > limit; });
      if (files.length > 5) { photoNote.textContent = photos.dataset.tooMany; }
      else if (big.length) { photoNote.textContent = photos.dataset.tooBig; }
      else { photoNote.textContent = files.map(function (f) { return f.name; }).join(', '); }
    });
  }
})();
