package com.example.tokens;

import java.util.Map;

import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/** The protected API, as a declarative HTTP client; its base URL and its token come from application.yml. */
@HttpExchange("/api")
public interface SymblApi {

    /** Who the token says the caller is. */
    @GetExchange("/me")
    Map<String, Object> me();
}
