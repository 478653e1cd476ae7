package io.exposedapp.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The benchmark table: every measure with baseline, operator, their ratio and the target. */
final class Report {

  private record Row(String scenario, String measure, Double baseline, Double operator, String target,
      Boolean met) {
  }

  private final List<String> context = new ArrayList<>();
  private final List<Row> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  /** scenario -> request kind -> [baseline, operator] per app. */
  private final Map<String, Map<String, double[]>> apiCalls = new TreeMap<>();

  void context(String line) {
    context.add(line);
  }

  void row(String scenario, String measure, Double baseline, Double operator, String target, Boolean met) {
    rows.add(new Row(scenario, measure, baseline, operator, target, met));
  }

  /** A row whose target is operator/baseline <= {@code maxRatio}. */
  void ratioRow(String scenario, String measure, double baseline, double operator, double maxRatio) {
    rows.add(new Row(scenario, measure, baseline, operator, "ratio <= " + maxRatio, operator / baseline <= maxRatio));
  }

  void apiCalls(Benchmarks.Subject subject, String scenario, Benchmarks.ApiCalls calls, int apps) {
    calls.byKind().forEach((kind, n) -> apiCalls.computeIfAbsent(scenario, s -> new TreeMap<>())
        .computeIfAbsent(kind, k -> new double[2])[subject.ordinal()] = (double) n / apps);
  }

  void note(String note) {
    notes.add(note);
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    context.forEach(c -> b.append(c).append("\n\n"));
    b.append("| Scenario | Measure | Baseline | Operator | Operator/baseline | Target | Met |\n");
    b.append("|---|---|---:|---:|---:|---|---|\n");
    String previous = null;
    for (Row r : rows) {
      b.append("| ").append(r.scenario().equals(previous) ? "" : r.scenario()).append(" | ").append(r.measure())
          .append(" | ").append(number(r.baseline())).append(" | ").append(number(r.operator())).append(" | ")
          .append(r.baseline() == null || r.operator() == null || r.baseline() == 0 ? ""
              : String.format(Locale.ROOT, "%.2f", r.operator() / r.baseline()))
          .append(" | ").append(r.target()).append(" | ")
          .append(r.met() == null ? "" : r.met() ? "yes" : "**no**").append(" |\n");
      previous = r.scenario();
    }
    apiCalls.forEach((scenario, kinds) -> {
      b.append("\nAPI requests per app, ").append(scenario).append(" (from the API server's request log)\n\n");
      b.append("| Request | Baseline | Operator |\n|---|---:|---:|\n");
      double[] total = new double[2];
      kinds.forEach((kind, perApp) -> {
        b.append("| ").append(kind).append(" | ").append(number(perApp[0])).append(" | ").append(number(perApp[1]))
            .append(" |\n");
        total[0] += perApp[0];
        total[1] += perApp[1];
      });
      b.append("| all | ").append(number(total[0])).append(" | ").append(number(total[1])).append(" |\n");
    });
    notes.forEach(n -> b.append("\n- ").append(n));
    return b.append("\n").toString();
  }

  private static String number(Double value) {
    if (value == null) {
      return "";
    }
    return String.format(Locale.ROOT, Math.abs(value) >= 100 || value == Math.rint(value) ? "%.0f" : "%.2f", value);
  }
}
