// The review progress chart: data comes from a json_script tag, the library from a static file.
(() => {
  const canvas = document.getElementById("progress-chart");
  const source = document.getElementById("progress-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.names.submitted, data: data.submitted, backgroundColor: "#198754" },
        { label: data.names.excused, data: data.excused, backgroundColor: "#6c757d" },
        { label: data.names.pending, data: data.pending, backgroundColor: "#ffc107" },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
