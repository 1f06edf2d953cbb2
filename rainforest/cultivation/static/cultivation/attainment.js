// The target page's chart: the probability of each year-end total (json_script "attainment-data"),
// bars that reach the target in green, the others in grey.
(function () {
  "use strict";

  function draw() {
    var node = document.getElementById("attainment-data");
    var element = document.getElementById("attainment-chart");
    if (!node || !element || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(node.textContent);
    var chart = echarts.init(element, null, { renderer: "canvas" });
    chart.on("finished", function () {
      element.dataset.rendered = "1";
    });
    chart.setOption({
      grid: { left: 56, right: 16, top: 24, bottom: 40 },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var item = items[0];
          return item.name + "：" + (item.value * 100).toFixed(2) + "%";
        },
      },
      xAxis: { type: "category", data: data.totals, name: data.labels.axis, nameLocation: "middle", nameGap: 28 },
      yAxis: {
        type: "value",
        axisLabel: {
          formatter: function (value) {
            return (value * 100).toFixed(0) + "%";
          },
        },
      },
      series: [
        {
          type: "bar",
          data: data.probabilities.map(function (p, i) {
            return { value: p, itemStyle: { color: data.reached[i] ? "#3b9a57" : "#b8bec6" } };
          }),
          markLine: {
            symbol: "none",
            label: { formatter: data.labels.target },
            data: data.totals.indexOf(data.target) >= 0 ? [{ xAxis: data.totals.indexOf(data.target) }] : [],
          },
        },
      ],
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
