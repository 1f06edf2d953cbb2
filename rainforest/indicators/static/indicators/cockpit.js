// The cockpit's own charts: Jinzhong's counties coloured by a chosen indicator, and the full-screen mode
// for a wall screen. The forest's Sankey on the same page is drawn by the forest page's script
// (forest/forest.js, from json_script "forest-data"); the figures here come from json_script
// "cockpit-data" and, when another indicator is chosen, from /cockpit/map.json.
(function () {
  "use strict";

  var COLORS = ["#eef3fb", "#c6d9f1", "#8db4e2", "#4f8bcc", "#2563a8", "#123d6e"];
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var charts = [];

  function readData() {
    var node = document.getElementById("cockpit-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function countyMap(element, data, geojson) {
    echarts.registerMap("jinzhong-cockpit", geojson);
    var chart = echarts.init(element, null, { renderer: "canvas" });
    charts.push(chart);
    chart.on("finished", function () {
      element.dataset.rendered = "1";
    });

    function render(payload) {
      var values = payload.districts.map(function (district) {
        return { name: district.name, value: district.value, text: district.text, code: district.code };
      });
      var numbers = values.map(function (d) { return d.value || 0; });
      var max = Math.max.apply(null, numbers.concat([1]));
      element.dataset.indicator = payload.indicator;
      chart.setOption(
        {
          textStyle: { fontFamily: FONT },
          title: values.length === 0
            ? { text: element.dataset.empty || "无数据", left: "center", top: "middle", textStyle: { color: "#888", fontSize: 14 } }
            : undefined,
          tooltip: {
            trigger: "item",
            formatter: function (params) {
              var text = params.data && params.data.text ? params.data.text : "—";
              return params.name + "<br>" + payload.name + "：" + text;
            },
          },
          visualMap: {
            min: 0,
            max: max,
            left: 8,
            bottom: 8,
            calculable: true,
            itemHeight: 90,
            text: [payload.unit, ""],
            inRange: { color: COLORS },
            textStyle: { fontFamily: FONT },
          },
          series: [
            {
              name: payload.name,
              type: "map",
              map: "jinzhong-cockpit",
              roam: false,
              layoutCenter: ["56%", "50%"],
              layoutSize: "100%",
              label: { show: true, fontSize: 11, fontFamily: FONT, color: "#10243d", textBorderColor: "#fff", textBorderWidth: 2 },
              itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
              emphasis: { itemStyle: { areaColor: "#f5c451" } },
              data: values,
            },
          ],
        },
        true
      );
    }

    render(data.map);
    var select = document.getElementById("cockpit-map-indicator");
    if (select) {
      select.addEventListener("change", function () {
        var query = new URLSearchParams({ period: data.period, indicator: select.value });
        fetch(data.map_url + "?" + query.toString(), { credentials: "same-origin" })
          .then(function (response) {
            if (!response.ok) throw new Error("map.json " + response.status);
            return response.json();
          })
          .then(function (payload) {
            render(payload);
            var hidden = document.querySelector('.cockpit-filters input[name="indicator"]');
            if (hidden) hidden.value = payload.indicator;
          })
          .catch(function (error) {
            console.error("cockpit.js: map figures failed:", error);
          });
      });
    }
  }

  function resizeAll() {
    charts.forEach(function (chart) { chart.resize(); });
    document.querySelectorAll(".cockpit-chart").forEach(function (element) {
      var chart = echarts.getInstanceByDom(element);
      if (chart) chart.resize();
    });
  }

  function fullScreen() {
    var button = document.getElementById("cockpit-fullscreen");
    var board = document.getElementById("cockpit");
    if (!button || !board) return;
    var label = button.textContent;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else if (board.requestFullscreen) {
        board.requestFullscreen().catch(function () {
          board.classList.toggle("is-wall"); // no Fullscreen API (a kiosk's browser): fill the window
          resizeAll();
        });
      } else {
        board.classList.toggle("is-wall");
        resizeAll();
      }
    });
    document.addEventListener("fullscreenchange", function () {
      var on = document.fullscreenElement === board;
      board.classList.toggle("is-wall", on);
      button.textContent = on ? button.dataset.exit : label;
      setTimeout(resizeAll, 50);
    });
  }

  function start() {
    fullScreen();
    var data = readData();
    var element = document.getElementById("cockpit-map");
    if (!data || !element) return;
    if (typeof echarts === "undefined") {
      console.error("cockpit.js: ECharts missing");
      return;
    }
    window.addEventListener("resize", resizeAll);
    fetch(data.geojson_url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("GeoJSON " + response.status);
        return response.json();
      })
      .then(function (geojson) {
        countyMap(element, data, geojson);
        element.dataset.ready = "1";
      })
      .catch(function (error) {
        console.error("cockpit.js: county map failed:", error);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
