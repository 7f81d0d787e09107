package com.example.reports;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes reports. Rendering is slow, so it is handed to a background thread while this thread computes the
 * footer; the two are joined at the end.
 */
public class ReportService {

    private final ReportRenderer renderer = new ReportRenderer();

    public String publish(Report report) throws InterruptedException {
        AtomicReference<String> body = new AtomicReference<>();
        Thread rendering = new Thread(() -> body.set(renderer.render(report)), "report-renderer");
        rendering.start();

        String footer = footer(report);
        rendering.join();
        return body.get() + footer;
    }

    private static String footer(Report report) {
        return "Total: " + ReportRenderer.money(report.totalInCents()) + System.lineSeparator();
    }
}
