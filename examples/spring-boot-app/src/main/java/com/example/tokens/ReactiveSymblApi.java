package com.example.tokens;

import java.util.Map;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

import reactor.core.publisher.Mono;

/** The protected API on WebClient; its base URL and its token come from application.yml. */
@HttpExchange("/api")
public interface ReactiveSymblApi {

    /** Who the token says the caller is. */
    @GetExchange("/me")
    Mono<Map<String, Object>> me();
}
