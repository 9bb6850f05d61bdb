// Draws the overview's charts from the JSON the page embeds with json_script (id "chart-data").
// Each <canvas data-chart="name"> gets the series of that name: {labels, values, title}.
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const palette = ["#a4161a", "#1d4e89", "#2a9d8f", "#e9c46a", "#f4a261", "#6c757d", "#8e44ad",
    "#264653", "#e76f51", "#3a86ff", "#588157", "#bc6c25"];
  const kinds = { units: "bar", categories: "doughnut", progress: "bar" };

  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const name = canvas.dataset.chart;
    const series = data[name];
    if (!series) return;
    const type = kinds[name] || "bar";
    const colors = series.labels.map((_label, i) => palette[i % palette.length]);
    new window.Chart(canvas, {
      type: type,
      data: {
        labels: series.labels,
        datasets: [{ label: series.title, data: series.values, backgroundColor: colors }],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: name === "progress" ? "y" : "x",
        plugins: { legend: { display: type === "doughnut", position: "right" } },
        scales: type === "doughnut" ? {} : { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } },
      },
    });
  });
})();
