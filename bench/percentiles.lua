-- wrk script: after the run, prints the latency percentiles the national
-- benchmark reports (wrk's --latency table has no 95th).
done = function(summary, latency, requests)
  io.write(string.format("PCT p50=%.2fms p95=%.2fms p99=%.2fms rps=%.1f errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6),
    summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout))
end
