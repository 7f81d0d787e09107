package com.example.legacy;

public class OneRuleSuppressed {

    @SuppressWarnings("threadlint:run-instead-of-start")
    public void refresh(Runnable task) {
        Thread refresher = new Thread(task);
        refresher.run();
    }
}
