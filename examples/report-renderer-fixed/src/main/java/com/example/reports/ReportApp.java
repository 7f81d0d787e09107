package com.example.reports;

import java.util.List;

/** Prints a sample report. */
public final class ReportApp {

    private ReportApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Report report = new Report("Monthly sales", List.of(
                new Report.Line("Coffee", 123_450),
                new Report.Line("Tea", 67_890),
                new Report.Line("Cake", 45_600)));
        System.out.print(new ReportService().publish(report));
    }
}
