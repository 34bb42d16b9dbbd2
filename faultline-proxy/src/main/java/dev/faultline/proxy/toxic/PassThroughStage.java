package dev.faultline.proxy.toxic;

import io.netty.buffer.ByteBuf;

/** Forwards everything untouched: the noop toxic, and any toxic whose toxicity draw missed. */
final class PassThroughStage extends ToxicStage {

    PassThroughStage(LinkContext link) {
        super(link);
    }

    @Override
    public void data(ByteBuf chunk, long receivedNanos) {
        next.data(chunk, receivedNanos);
    }
}
