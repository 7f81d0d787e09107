package com.example.jobs;

public class Job implements Runnable {

    @Override
    public void run() {
        System.out.println("job done");
    }
}
