package com.example.tokens;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/** Answers with what the protected API says about this application, through either client. */
@RestController
class WhoAmIController {
    private final SymblApi symbl;
    private final ReactiveSymblApi reactiveSymbl;

    WhoAmIController(SymblApi symbl, ReactiveSymblApi reactiveSymbl) {
        this.symbl = symbl;
        this.reactiveSymbl = reactiveSymbl;
    }

    @GetMapping("/whoami")
    Map<String, Object> whoami() {
        return symbl.me();
    }

    @GetMapping("/whoami-reactive")
    Mono<Map<String, Object>> whoamiReactive() {
        return reactiveSymbl.me();
    }
}
