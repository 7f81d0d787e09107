package com.example.jobs;

public class JobCheck {

    public static void main(String[] args) {
        Thread worker = new Thread(new Job());
        worker.run();
    }
}
