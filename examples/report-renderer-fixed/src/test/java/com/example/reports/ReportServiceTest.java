package com.example.reports;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportServiceTest {

    @Test
    void publishesBodyAndTotal() throws InterruptedException {
        Report report = new Report("Q1", List.of(new Report.Line("Coffee", 1_050), new Report.Line("Tea", 250)));

        String published = new ReportService().publish(report);

        assertTrue(published.startsWith("Q1"), published);
        assertTrue(published.contains("Coffee"), published);
        assertTrue(published.endsWith("Total: 13.00" + System.lineSeparator()), published);
    }
}
