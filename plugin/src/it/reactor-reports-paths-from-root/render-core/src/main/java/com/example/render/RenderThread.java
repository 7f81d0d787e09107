package com.example.render;

public class RenderThread extends Thread {

    public RenderThread(Runnable task) {
        super(task, "render");
        setDaemon(true);
    }
}
