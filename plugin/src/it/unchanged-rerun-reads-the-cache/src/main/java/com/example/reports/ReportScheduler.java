package com.example.reports;

public class ReportScheduler {

    public String renderInBackground(ReportJob job) throws InterruptedException {
        Thread worker = new Thread(job, "report-worker");
        worker.start();
        worker.join();
        return job.output();
    }

    public String renderHere(ReportJob job) {
        job.run();
        return job.output();
    }

    /** A Thread subclass may delegate to Thread.run() from its own run(). */
    static final class LoggingThread extends Thread {
        LoggingThread(Runnable task) {
            super(task, "logging");
        }

        @Override
        public void run() {
            System.out.println("starting " + getName());
            super.run();
        }
    }
}
