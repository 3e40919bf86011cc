package dev.tracevault.viewer;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The viewer's scripts and styles, and uPlot's, all from the jar: the viewer works offline and
 * loads nothing from elsewhere (its Content-Security-Policy would refuse it anyway).
 */
@Configuration(proxyBeanMethods = false)
class ViewerAssets implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/ui/assets/uplot/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/uplot/1.6.30/dist/")
                .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)));
        registry.addResourceHandler("/ui/assets/**")
                .addResourceLocations("classpath:/viewer/assets/")
                .setCacheControl(CacheControl.noCache());
    }
}
