// The edition's statistics charts: data from the json_script tag "edition-stats", the library
// from the shipped Chart.js. Each <canvas data-stats-chart="name"> draws one chart.
(() => {
  const source = document.getElementById("edition-stats");
  if (!source || typeof window.Chart === "undefined") return;
  const stats = JSON.parse(source.textContent);
  const palette = ["#a4161a", "#1d4e89", "#2a9d8f", "#e9c46a", "#f4a261", "#6c757d", "#8e44ad",
    "#264653", "#e76f51", "#3a86ff", "#588157", "#bc6c25"];
  const colors = (n) => Array.from({ length: n }, (_v, i) => palette[i % palette.length]);
  const integerAxes = { x: { ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } };

  const charts = {
    categories: () => ({
      type: "doughnut",
      data: {
        labels: stats.categories.labels,
        datasets: [{ data: stats.categories.values, backgroundColor: colors(stats.categories.values.length) }],
      },
      options: { plugins: { legend: { position: "right" } } },
    }),
    units: () => ({
      type: "bar",
      data: {
        labels: stats.units.labels,
        datasets: [{ data: stats.units.values, backgroundColor: "#1d4e89" }],
      },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: integerAxes },
    }),
    stages: () => ({
      type: "bar",
      data: {
        labels: stats.stages.labels,
        datasets: [{ data: stats.stages.rates, backgroundColor: "#2a9d8f" }],
      },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } } },
      },
    }),
    scores: () => ({
      type: "bar",
      data: {
        labels: stats.scores.bins,
        datasets: Object.entries(stats.scores.series).map(([name, values], i) => ({
          label: name,
          data: values,
          backgroundColor: palette[i % palette.length],
        })),
      },
      options: { scales: integerAxes },
    }),
  };

  document.querySelectorAll("canvas[data-stats-chart]").forEach((canvas) => {
    const build = charts[canvas.dataset.statsChart];
    if (!build) return;
    const config = build();
    config.options = { responsive: true, maintainAspectRatio: false, ...config.options };
    new window.Chart(canvas, config);
  });
})();
