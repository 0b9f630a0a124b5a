using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace TrainingService.Api.Infrastructure;

public static class HangfireDashboardExtensions
{
    public static WebApplication MapHangfireDashboardPage(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<HangfireDashboardOptions>>().Value;
        IDashboardAuthorizationFilter filter = options.AllowRemoteRequests
            ? new AllowAllDashboardAuthorizationFilter()
            : new LocalRequestsOnlyAuthorizationFilter();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [filter], DashboardTitle = "TrainingService jobs" });
        return app;
    }

    private sealed class AllowAllDashboardAuthorizationFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
