package com.example.reports;

import java.util.Locale;

/** Renders a report as a plain-text table. Stands in for the slow part: PDF layout, charts, fonts. */
public class ReportRenderer {

    public String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append(report.title()).append(System.lineSeparator());
        out.append("-".repeat(report.title().length())).append(System.lineSeparator());
        for (Report.Line line : report.lines()) {
            out.append(String.format(Locale.ROOT, "%-20s %12s%n", line.label(), money(line.amountInCents())));
        }
        return out.toString();
    }

    static String money(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, Math.abs(cents % 100));
    }
}
