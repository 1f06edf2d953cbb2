// The forest page's charts: the year's layer flows as a Sankey and Jinzhong's counties as a map.
// The figures come from the page itself (json_script "forest-data"); the county boundaries from
// /forest/jinzhong-counties.geojson (太谷县 already renamed 太谷区 by the server).
(function () {
  "use strict";

  var LAYER_COLORS = {
    seed: "#c9a227",
    herb: "#8cc152",
    shrub: "#3b9a57",
    tree: "#1f5f3a",
    none: "#b8bec6",
    new: "#5b8def",
    gone: "#d9534f",
  };
  var MAP_COLORS = ["#eef6ec", "#c7e5bf", "#8cc98a", "#4ea765", "#1f7a45", "#0f4d2b"];
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';

  function readData() {
    var node = document.getElementById("forest-data");
    return node ? JSON.parse(node.textContent) : null;
  }

  function resizeWith(chart) {
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  // Marks the element once ECharts has finished drawing (animations included), for tests and screenshots.
  function markFinished(chart, element) {
    chart.on("finished", function () {
      element.dataset.rendered = "1";
    });
  }

  function sankey(element, data) {
    var chart = echarts.init(element, null, { renderer: "canvas" });
    var labels = {};
    data.sankey.nodes.forEach(function (node) {
      labels[node.name] = node.label;
    });
    var empty = data.sankey.links.length === 0;
    // Room beside the bars for the longest label of each side ("未入林 16", "Not in forest 16").
    var measure = document.createElement("canvas").getContext("2d");
    measure.font = "12px " + FONT;
    var margins = [0, 0];
    data.sankey.nodes.forEach(function (node) {
      var width = measure.measureText(node.label + "  00000").width + 12;
      margins[node.depth] = Math.max(margins[node.depth], Math.ceil(width));
    });
    chart.setOption({
      textStyle: { fontFamily: FONT },
      title: empty
        ? { text: element.dataset.empty || "无数据", left: "center", top: "middle", textStyle: { color: "#888", fontSize: 14 } }
        : undefined,
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          if (params.dataType === "edge") {
            return labels[params.data.source] + " → " + labels[params.data.target] + "：" + params.data.value;
          }
          return labels[params.name] + "：" + params.value;
        },
      },
      series: [
        {
          type: "sankey",
          left: Math.max(margins[0], 40),
          right: Math.max(margins[1], 40),
          top: 12,
          bottom: 12,
          nodeWidth: 18,
          nodeGap: 12,
          nodeAlign: "justify",
          layoutIterations: 0,
          emphasis: { focus: "adjacency" },
          data: data.sankey.nodes.map(function (node) {
            return {
              name: node.name,
              depth: node.depth,
              itemStyle: { color: LAYER_COLORS[node.code] || "#999" },
              // 1 January on the left of its bar, 31 December on the right: labels never cross the flows.
              label: { position: node.depth === 0 ? "left" : "right" },
            };
          }),
          links: data.sankey.links,
          lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
          label: {
            fontFamily: FONT,
            formatter: function (params) {
              return labels[params.name] + "  " + params.value;
            },
          },
        },
      ],
    });
    markFinished(chart, element);
    resizeWith(chart);
    return chart;
  }

  function mapSeriesData(data, layer) {
    return data.map.districts.map(function (district) {
      return { name: district.name, value: district.counts[layer] || 0, code: district.code };
    });
  }

  function countyMap(element, data, geojson) {
    echarts.registerMap("jinzhong", geojson);
    var chart = echarts.init(element, null, { renderer: "canvas" });
    var layerLabels = {};
    data.map.layers.forEach(function (layer) {
      layerLabels[layer.code] = layer.label;
    });

    function render(layer) {
      var values = mapSeriesData(data, layer);
      var max = Math.max.apply(null, values.map(function (d) { return d.value; }).concat([1]));
      chart.setOption({
        textStyle: { fontFamily: FONT },
        tooltip: {
          trigger: "item",
          formatter: function (params) {
            return params.name + "<br>" + layerLabels[layer] + "：" + (params.value || 0);
          },
        },
        visualMap: {
          min: 0,
          max: max,
          left: 8,
          bottom: 8,
          calculable: true,
          itemHeight: 90,
          inRange: { color: MAP_COLORS },
          textStyle: { fontFamily: FONT },
        },
        series: [
          {
            name: layerLabels[layer],
            type: "map",
            map: "jinzhong",
            roam: false,
            layoutCenter: ["56%", "50%"],
            layoutSize: "100%",
            label: {
              show: true,
              fontSize: 11,
              fontFamily: FONT,
              color: "#1d2b22",
              textBorderColor: "#ffffff",
              textBorderWidth: 2,
            },
            itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
            emphasis: { label: { color: "#000" }, itemStyle: { areaColor: "#f5c451" } },
            data: values,
          },
        ],
      });
    }

    markFinished(chart, element);
    render(data.map.layer);
    var select = document.getElementById("forest-map-layer");
    if (select) {
      select.addEventListener("change", function () {
        render(select.value);
        var hidden = document.querySelector('.forest-filters input[name="layer"]');
        if (hidden) hidden.value = select.value;
      });
    }
    resizeWith(chart);
    return chart;
  }

  function start() {
    var data = readData();
    if (!data || typeof echarts === "undefined") {
      console.error("forest.js: chart data or ECharts missing");
      return;
    }
    var sankeyElement = document.getElementById("forest-sankey");
    if (sankeyElement) sankey(sankeyElement, data);
    var mapElement = document.getElementById("forest-map");
    if (mapElement) {
      fetch(data.map.geojson_url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("GeoJSON " + response.status);
          return response.json();
        })
        .then(function (geojson) {
          countyMap(mapElement, data, geojson);
          mapElement.dataset.ready = "1";
        })
        .catch(function (error) {
          console.error("forest.js: county map failed:", error);
        });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
