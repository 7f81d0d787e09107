package com.example.reports;

import java.util.List;

/** A titled table of amounts. */
public record Report(String title, List<Line> lines) {

    public Report {
        lines = List.copyOf(lines);
    }

    /** One row of the table. */
    public record Line(String label, long amountInCents) {
    }

    public long totalInCents() {
        return lines.stream().mapToLong(Line::amountInCents).sum();
    }
}
