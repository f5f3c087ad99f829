/* Saphan promotion: draw a plan's routes (depot → numbered stops → depot) on a Leaflet map.
   The data comes from a json_script element #routes-data: {routes: [{team, day, depot, stops}]}. */
document.addEventListener('DOMContentLoaded', function () {
  var el = document.getElementById('routes-map'), source = document.getElementById('routes-data');
  if (!el || !source || typeof L === 'undefined') { return; }
  var data = JSON.parse(source.textContent), colours = ['#0b4f8a', '#a61b1b', '#1d6b36', '#8a5a00', '#6b2d8a', '#006d77', '#b5179e', '#3a5a40'];
  var map = L.map(el, {scrollWheelZoom: false}), bounds = [];
  L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution, maxZoom: 19}).addTo(map);
  var teams = {};
  data.routes.forEach(function (route) {
    if (!(route.team_id in teams)) { teams[route.team_id] = Object.keys(teams).length; }
    var colour = colours[teams[route.team_id] % colours.length], line = [];
    if (route.depot) {
      line.push(route.depot); bounds.push(route.depot);
      L.circleMarker(route.depot, {radius: 7, color: '#000', fillColor: '#fff', fillOpacity: 1, weight: 3})
        .bindTooltip(route.team).addTo(map);
    }
    route.stops.forEach(function (stop) {
      var ll = [stop.lat, stop.lon]; line.push(ll); bounds.push(ll);
      var icon = L.divIcon({className: 'stop-pin', html: '<span style="background:' + colour + '">' + stop.n + '</span>', iconSize: [26, 26]});
      var marker = L.marker(ll, {icon: icon, title: stop.name}).addTo(map);
      var link = document.createElement('a'); link.href = stop.url; link.textContent = stop.name;
      var box = document.createElement('div'); box.appendChild(link);
      box.appendChild(document.createTextNode(' ' + stop.time + (stop.approximate ? ' *' : '')));
      marker.bindPopup(box);
    });
    if (route.depot) { line.push(route.depot); }
    if (line.length > 1) { L.polyline(line, {color: colour, weight: 3, opacity: .8, dashArray: route.depot ? null : '4 6'}).addTo(map); }
  });
  if (bounds.length) { map.fitBounds(bounds, {padding: [24, 24], maxZoom: 13}); } else { map.setView([13.75, 100.5], 6); }
});
