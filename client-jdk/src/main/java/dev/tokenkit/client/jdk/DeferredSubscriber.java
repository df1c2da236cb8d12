package dev.tokenkit.client.jdk;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body subscriber chosen later: the body is held (nothing is requested) until {@code target}
 * completes, then flows into the subscriber it names. {@link TokenHttpClient} reads a
 * {@code 401}'s body this way while it learns whether it will replay (discard the body) or hand
 * the answer to the caller (the caller's own subscriber).
 */
final class DeferredSubscriber<T> implements BodySubscriber<T> {
    private final CompletableFuture<BodySubscriber<T>> target;
    private final CompletableFuture<T> body = new CompletableFuture<>();
    /** Completes once the target has been given the subscription. */
    private volatile CompletableFuture<BodySubscriber<T>> subscribed;

    DeferredSubscriber(CompletableFuture<BodySubscriber<T>> target) {
        this.target = target;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscribed = target.thenApply(t -> {
            t.onSubscribe(subscription);
            t.getBody().whenComplete((value, error) -> {
                if (error != null) {
                    body.completeExceptionally(error);
                } else {
                    body.complete(value);
                }
            });
            return t;
        });
        subscribed.whenComplete((t, error) -> {
            if (error != null) {
                subscription.cancel();
                body.completeExceptionally(error);
            }
        });
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        // items flow only once the target has requested them, so the target is known; it may be
        // called from inside the target's onSubscribe, before 'subscribed' completes
        target.join().onNext(item);
    }

    @Override
    public void onError(Throwable error) {
        subscribed.thenAccept(t -> t.onError(error));
    }

    @Override
    public void onComplete() {
        subscribed.thenAccept(BodySubscriber::onComplete);
    }

    @Override
    public CompletionStage<T> getBody() {
        return body;
    }
}
