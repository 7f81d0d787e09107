package com.example.reports;

/** Not a Thread: its run() is an ordinary method and calling it is fine. */
public class ReportJob implements Runnable {

    private final StringBuilder output = new StringBuilder();

    @Override
    public void run() {
        output.append("rendered");
    }

    public String output() {
        return output.toString();
    }
}
