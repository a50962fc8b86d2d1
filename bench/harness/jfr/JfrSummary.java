import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads one Flight Recorder file with the JDK's own consumer API (no parser of ours) and writes
 * what bench/harness/cpu_profile.py summarises: the CPU samples as collapsed stacks (one line per
 * distinct stack, root first, frames separated by ';', then the sample count) and, on stdout, a
 * JSON line with the recording's window, its garbage-collection pauses and the time its JIT
 * compilers spent (from the cumulative compiler statistics, so short compilations count too).
 *
 * Run as a single-file program: java JfrSummary.java RECORDING.jfr COLLAPSED_OUT
 */
public class JfrSummary {

    public static void main(String[] args) throws IOException {
        Map<String, Integer> stacks = new HashMap<>();
        int samples = 0;
        long gcCount = 0;
        Duration gcPauses = Duration.ZERO;
        Duration firstCompilerTotal = null;
        Duration lastCompilerTotal = null;
        Instant first = null;
        Instant last = null;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                Instant at = event.getStartTime();
                first = first == null || at.isBefore(first) ? at : first;
                last = last == null || at.isAfter(last) ? at : last;
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        if (event.getStackTrace() != null) {
                            stacks.merge(collapse(event.getStackTrace().getFrames()), 1, Integer::sum);
                            samples++;
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcPauses = gcPauses.plus(event.getDuration("sumOfPauses"));
                    }
                    case "jdk.CompilerStatistics" -> {
                        Duration total = event.getDuration("totalTimeSpent");
                        firstCompilerTotal = firstCompilerTotal == null ? total : firstCompilerTotal;
                        lastCompilerTotal = total;
                    }
                    default -> { }
                }
            }
        }
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1])))) {
            stacks.forEach((stack, count) -> out.println(stack + " " + count));
        }
        double windowS = first == null ? 0 : Duration.between(first, last).toMillis() / 1000.0;
        double jitMs = firstCompilerTotal == null ? -1 : lastCompilerTotal.minus(firstCompilerTotal).toNanos() / 1e6;
        System.out.printf("{\"samples\": %d, \"window_s\": %.3f, \"gc_count\": %d, \"gc_pause_ms\": %.3f, \"jit_ms\": %s}%n",
                samples, windowS, gcCount, gcPauses.toNanos() / 1e6, jitMs < 0 ? "null" : String.format("%.3f", jitMs));
    }

    /** Root first; a frame is its class and method ("java.lang.String.hashCode"). */
    private static String collapse(List<RecordedFrame> leafFirst) {
        List<String> names = new ArrayList<>(leafFirst.size());
        for (RecordedFrame frame : leafFirst) {
            names.add((frame.getMethod().getType().getName() + "." + frame.getMethod().getName())
                    .replace(';', ':').replace(' ', '_'));
        }
        Collections.reverse(names);
        return String.join(";", names);
    }
}
