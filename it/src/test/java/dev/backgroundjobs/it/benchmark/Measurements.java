package dev.backgroundjobs.it.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Named series of measurements, reported as median (min–max) side by side for ours, Jesque's and Sidekiq's. */
final class Measurements {

    private final Map<String, List<Double>> ours = new LinkedHashMap<>();
    private final Map<String, List<Double>> jesque = new LinkedHashMap<>();
    private final Map<String, List<Double>> sidekiq = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();
    private final Map<String, Boolean> higherIsBetter = new LinkedHashMap<>();

    void ours(String name, String unit, boolean higherBetter, double value) {
        add(ours, name, unit, higherBetter, value);
    }

    void jesque(String name, String unit, boolean higherBetter, double value) {
        add(jesque, name, unit, higherBetter, value);
    }

    void sidekiq(String name, String unit, boolean higherBetter, double value) {
        add(sidekiq, name, unit, higherBetter, value);
    }

    private void add(Map<String, List<Double>> side, String name, String unit, boolean higherBetter, double value) {
        side.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        units.put(name, unit);
        higherIsBetter.put(name, higherBetter);
    }

    String table() {
        StringBuilder table = new StringBuilder("| measure | unit | ours: median (min–max) | Jesque: median (min–max) | ours/Jesque"
                + " | Sidekiq: median (min–max) | ours/Sidekiq |\n").append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (String name : units.keySet()) {
            List<Double> mine = ours.getOrDefault(name, List.of());
            List<Double> jesques = jesque.getOrDefault(name, List.of());
            List<Double> sidekiqs = sidekiq.getOrDefault(name, List.of());
            table.append("| ").append(name).append(" | ").append(units.get(name)).append(" | ").append(summary(mine))
                    .append(" | ").append(summary(jesques)).append(" | ").append(ratio(mine, jesques))
                    .append(" | ").append(summary(sidekiqs)).append(" | ").append(ratio(mine, sidekiqs)).append(" |\n");
        }
        return table.toString();
    }

    private static String ratio(List<Double> mine, List<Double> theirs) {
        return mine.isEmpty() || theirs.isEmpty() || median(theirs) == 0 ? "–" : format(median(mine) / median(theirs)) + "×";
    }

    private static String summary(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        List<Double> sorted = values.stream().sorted().toList();
        return format(median(values)) + " (" + format(sorted.get(0)) + "–" + format(sorted.get(sorted.size() - 1)) + ")";
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static double percentile(List<Long> values, double percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static String format(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
