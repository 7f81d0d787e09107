package com.example.orders;

/** Uploads an export in the background; or means to. */
public class OrderExporter {

    public void export(Runnable upload) {
        Thread uploader = new Thread(upload, "order-upload");
        uploader.run();
    }
}
