namespace OfficeMesh.Web.Pages.Leader;

/// <summary>Which of the leaders' page's charts a <see cref="LeaderCharts"/> draws.</summary>
public enum LeaderChart { Lights, Scores }
